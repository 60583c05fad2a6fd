import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/**
 * `npm test`: every check and suite, in order, against real services (the
 * integration and e2e global setups start them when they do not answer). Each
 * static check counts as one test; each vitest test counts as itself. The last line
 * is the total that CI reads: `N passed, N failed`.
 */

const root = join(import.meta.dirname, '..');
const reportDir = join(root, '.artifacts', 'test-reports');
const bin = (name: string) => join(root, 'node_modules', '.bin', name);

interface Tally {
  passed: number;
  failed: number;
}

const total: Tally = { passed: 0, failed: 0 };
const summary: string[] = [];

function run(command: string, args: string[]): boolean {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: process.env });
  return result.status === 0;
}

function check(name: string, command: string, args: string[]): void {
  console.log(`\n── ${name} ──`);
  const ok = run(command, args);
  total[ok ? 'passed' : 'failed'] += 1;
  summary.push(`${ok ? 'ok  ' : 'FAIL'} ${name}`);
}

interface VitestJson {
  numPassedTests: number;
  numFailedTests: number;
  numTotalTests: number;
  success: boolean;
  testResults?: {
    name: string;
    assertionResults?: { fullName: string; status: string; failureMessages?: string[] }[];
  }[];
}

/** CI shows only the tail of the log, so the summary names each failed test and its first message line. */
function failedTests(project: string, report: VitestJson): string[] {
  const lines: string[] = [];
  for (const file of report.testResults ?? []) {
    for (const test of file.assertionResults ?? []) {
      if (test.status !== 'failed') continue;
      const message = (test.failureMessages?.[0] ?? '').split('\n')[0]?.slice(0, 200) ?? '';
      lines.push(`     ${project} ✗ ${file.name.replace(root + '/', '')} › ${test.fullName}${message ? `\n       ${message}` : ''}`);
    }
  }
  return lines;
}

function suite(project: string): void {
  console.log(`\n── ${project} tests ──`);
  const outputFile = join(reportDir, `${project}.json`);
  rmSync(outputFile, { force: true });
  const ok = run(bin('vitest'), ['run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile=${outputFile}`]);
  let report: VitestJson | undefined;
  try {
    report = JSON.parse(readFileSync(outputFile, 'utf8')) as VitestJson;
  } catch {
    report = undefined;
  }
  if (!report) {
    // The suite could not even start (a global setup failed): count it as one failure.
    total.failed += 1;
    summary.push(`FAIL ${project}: no report (setup failed?)`);
    return;
  }
  // A run that exits non-zero with every test green (an unhandled error) still fails.
  const failed = report.numFailedTests + (ok || report.numFailedTests > 0 ? 0 : 1);
  total.passed += report.numPassedTests;
  total.failed += failed;
  summary.push(`${failed === 0 ? 'ok  ' : 'FAIL'} ${project}: ${report.numPassedTests} passed, ${failed} failed`);
  summary.push(...failedTests(project, report));
}

mkdirSync(reportDir, { recursive: true });
const only = process.argv.slice(2);
const wanted = (name: string) => only.length === 0 || only.includes(name);

if (wanted('typecheck')) check('typecheck', 'npm', ['run', '--silent', 'typecheck']);
if (wanted('lint')) check('lint', bin('eslint'), ['.']);
if (wanted('build')) check('build', bin('electron-vite'), ['build']);
for (const project of ['unit', 'integration', 'fuzz', 'e2e']) if (wanted(project)) suite(project);

console.log(`\n── summary ──\n${summary.join('\n')}\n`);
console.log(`${total.passed} passed, ${total.failed} failed`);
process.exit(total.failed === 0 && total.passed > 0 ? 0 : 1);
