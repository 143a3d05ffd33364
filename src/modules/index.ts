// The module registry: one file per module, looked up by its Ansible name
// (short, or qualified with a collection whose modules it mirrors).
import assert from './assert.js';
import command from './command.js';
import debug from './debug.js';
import fail from './fail.js';
import ping from './ping.js';
import set_fact from './set_fact.js';
import shell from './shell.js';
import apt from './apt.js';
import apt_repository from './apt_repository.js';
import package_ from './package.js';
import service from './service.js';
import systemd, { systemdService } from './systemd.js';
import pause from './pause.js';
import ufw from './ufw.js';
import uri from './uri.js';
import wait_for from './wait_for.js';
import wait_for_connection from './wait_for_connection.js';
import authorized_key from './authorized_key.js';
import cron from './cron.js';
import group from './group.js';
import hostname from './hostname.js';
import modprobe from './modprobe.js';
import sysctl from './sysctl.js';
import user from './user.js';
import blockinfile from './blockinfile.js';
import get_url from './get_url.js';
import lineinfile from './lineinfile.js';
import replace from './replace.js';
import unarchive from './unarchive.js';
import copy from './copy.js';
import fetch from './fetch.js';
import file from './file.js';
import slurp from './slurp.js';
import stat from './stat.js';
import template from './template.js';
import include_vars from './include_vars.js';
import wg_keypair from './wg_keypair.js';
import type { Module } from './types.js';

const modules = new Map<string, Module>([apt, apt_repository, package_, service, systemd, systemdService, assert, command, debug, fail, ping, set_fact, shell, pause, ufw, uri, wait_for, wait_for_connection, authorized_key, cron, group, hostname, modprobe, sysctl, user, lineinfile, blockinfile, replace, unarchive, get_url, copy, fetch, file, slurp, stat, template, wg_keypair, include_vars].map((m) => [m.name, m]));

/** Collections whose modules of the same short name mosip-play implements (e.g. community.general.ufw). */
const QUALIFIERS = /^(?:ansible\.(?:builtin|legacy|posix)|community\.(?:general|posix))\./;

export function findModule(name: string): Module | undefined {
  return modules.get(name.replace(QUALIFIERS, ''));
}

export function moduleNames(): string[] {
  return [...modules.keys()].sort();
}
