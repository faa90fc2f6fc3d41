#!/usr/bin/env bash
# Adds up the Surefire reports of every module and prints the totals as the closing lines;
# exits 1 when any test failed or erred.
root=${1:-.}
tests=0 failures=0 errors=0 skipped=0
while IFS= read -r f; do
  line=$(grep -m1 -o '<testsuite [^>]*>' "$f") || continue
  get() { echo "$line" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  tests=$((tests + $(get tests))); failures=$((failures + $(get failures)))
  errors=$((errors + $(get errors))); skipped=$((skipped + $(get skipped)))
done < <(find "$root" -path '*/target/surefire-reports/TEST-*.xml' -not -path '*/node_modules/*' 2>/dev/null)
passed=$((tests - failures - errors - skipped))
echo
echo "Results (all modules):"
echo "Tests run: $tests, Failures: $failures, Errors: $errors, Skipped: $skipped"
echo "$passed passed, $((failures + errors)) failed, $skipped skipped"
[ $((failures + errors)) -eq 0 ]
