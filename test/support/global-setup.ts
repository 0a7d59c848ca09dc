/**
 * Runs once before any test file: installs the Debian packages the tests start servers from
 * (when missing and running as root; otherwise it stops with the command to run), so test
 * files do not race to install them inside their own time limits.
 */
import { ensureDebianPackage } from '../../bench/support/registry-server.js';

export default function setup(): void {
  ensureDebianPackage('/usr/bin/docker-registry', 'docker-registry');
  ensureDebianPackage('/usr/bin/htpasswd', 'apache2-utils');
  ensureDebianPackage('/usr/bin/openssl', 'openssl');
  ensureDebianPackage('/usr/bin/redis-server', 'redis-server');
}
