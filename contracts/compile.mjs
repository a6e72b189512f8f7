// Compiles every contract in src/ with the pinned solc (solc-js) and writes
// artifacts/<Name>.abi and artifacts/<Name>.bin for abigen. Run through
// `make contracts`; the output is committed so that Go builds need no node.
// `node compile.mjs SRC OUT` compiles another directory the same way (the
// L1 benchmark compiles gnark's generated verifier with it).
import fs from 'node:fs';
import path from 'node:path';
import solc from 'solc';

const src = process.argv[2] ?? 'src';
const artifacts = process.argv[3] ?? 'artifacts';
const sources = {};
for (const f of fs.readdirSync(src).filter((f) => f.endsWith('.sol')).sort()) {
  sources[f] = { content: fs.readFileSync(path.join(src, f), 'utf8') };
}
const input = {
  language: 'Solidity',
  sources,
  settings: {
    optimizer: { enabled: true, runs: 200 },
    evmVersion: 'cancun',
    outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
  },
};
const out = JSON.parse(solc.compile(JSON.stringify(input)));
let failed = false;
for (const e of out.errors ?? []) {
  console.error(e.formattedMessage);
  failed ||= e.severity === 'error';
}
if (failed) process.exit(1);
fs.mkdirSync(artifacts, { recursive: true });
for (const [file, contracts] of Object.entries(out.contracts)) {
  for (const [name, c] of Object.entries(contracts)) {
    fs.writeFileSync(path.join(artifacts, `${name}.abi`), JSON.stringify(c.abi, null, 2) + '\n');
    fs.writeFileSync(path.join(artifacts, `${name}.bin`), c.evm.bytecode.object + '\n');
    console.log(`${file}: ${name} (${c.evm.bytecode.object.length / 2} bytes)`);
  }
}
console.log(`solc ${solc.version()}`);
