# The two commands a user needs (see README.md):
#   make run   - set up, build in release, and run the quickstart grid (fetching what it needs)
#   make test  - set up (with Chromium), build, run the test suite against a throwaway PostgreSQL, then check the
#                HTML reports in headless Chromium (slow tests: SYNTHBENCH_SLOW_TESTS=1 make test)
SWIFT ?= swift

.PHONY: run test setup build release

setup:
	@scripts/setup.sh

release: setup
	$(SWIFT) build -c release --product synthbench

# The quickstart grid (docs/runner.md): 3 bundled datasets x 7 methods x 2 backends x 2 seeds, 2 cells at a
# time, into results/quickstart/<run-id>/. Running it again resumes; datasets a grid needs are fetched first.
run: release
	.build/release/synthbench run experiments/quickstart.json --jobs 2

# The import check enforces the floors of docs/architecture.md: a target may import only what Package.swift
# declares for it.
# scripts/postgres.sh starts a private PostgreSQL for the queue tests and removes it afterwards (docs/queue.md);
# scripts/browser/check-reports.sh loads the reports in a real browser (docs/reports.md).
test:
	@scripts/setup.sh --browser
	$(SWIFT) build --build-tests --explicit-target-dependency-import-check error
	scripts/postgres.sh run $(SWIFT) test --skip-build --disable-xctest
	scripts/browser/check-reports.sh
