# The two commands a user needs (see README.md):
#   make run   - set up, fetch what the default grid needs, and run it
#   make test  - set up and run the test suite (slow tests: SYNTHBENCH_SLOW_TESTS=1 make test)
SWIFT ?= swift

.PHONY: run test setup build release

setup:
	@scripts/setup.sh

release: setup
	$(SWIFT) build -c release --product synthbench

run: release
	.build/release/synthbench datasets list

test: setup
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --disable-xctest
