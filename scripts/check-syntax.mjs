// scripts/check-syntax.mjs: no syntax newer than the support matrix's target ships in dist/.
// Every file is parsed by acorn at ES2020 (README "Browsers"); regular expressions are checked
// for lookbehind too, which acorn accepts at ES2018+ but Safari only parses from 16.4 on.
import fs from 'node:fs';
import path from 'node:path';
import * as acorn from 'acorn';

const TARGET = 2020;
const dir = path.resolve(process.argv[2] || 'dist');
const files = fs.readdirSync(dir).filter((f) => /\.(m?js)$/.test(f)).sort();
if (!files.length) {
  console.error(`check-syntax: no .js or .mjs file in ${dir}; run npm run build first`);
  process.exit(1);
}

let bad = 0;
for (const f of files) {
  const file = path.relative(process.cwd(), path.join(dir, f));
  const text = fs.readFileSync(file, 'utf8');
  const problems = [];
  try {
    acorn.parse(text, {
      ecmaVersion: TARGET,
      sourceType: f.endsWith('.mjs') ? 'module' : 'script',
      onToken(t) {
        if (t.type.label === 'regexp' && /\(\?<[=!]/.test(t.value.pattern)) problems.push(`offset ${t.start}: regular expression lookbehind /${t.value.pattern}/`);
      },
    });
  } catch (e) {
    problems.push(`${e.message}: newer than ES${TARGET}: ${JSON.stringify(text.slice(Math.max(0, e.pos - 30), e.pos + 30))}`);
  }
  for (const p of problems) console.error(`check-syntax: ${file}: ${p}`);
  if (problems.length) bad++;
  else console.log(`check-syntax: ${file}: ES${TARGET} (${text.length} characters)`);
}
process.exit(bad ? 1 : 0);
