// File contents the layer tests build their images from: a Debian base (os-release and a
// dpkg status), a planted secret, and incompressible filler.

export const OS_RELEASE = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nID=debian\n';

/** One installed package's stanza of /var/lib/dpkg/status. */
export const dpkg = (name, version) =>
  `Package: ${name}\nStatus: install ok installed\nPriority: optional\nArchitecture: amd64\nVersion: ${version}\nDescription: test\n\n`;

/** AWS's documented example key id, as the secret rules expect it. */
export const ENV_FILE = "AWS_ACCESS_KEY_ID=AKIAZ7QH3KX5PLM2WNB4\n";

/** Incompressible bytes (xorshift), so a cut in a compressed blob lands inside file data. */
export function noise(size, seed) {
  const out = Buffer.alloc(size);
  let state = seed >>> 0 || 1;
  for (let i = 0; i < size; i += 4) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    out.writeUInt32LE(state >>> 0, i);
  }
  return out;
}
