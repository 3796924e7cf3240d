# The two commands a newcomer needs: `make run` and `make test` (see README.md).
BUILD ?= build
BUILD_TYPE ?= RelWithDebInfo

.PHONY: all deps configure build web run test bench fuzz clean

all: build

deps:
	@bash scripts/install-deps.sh

configure: deps
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) > $(BUILD).configure.log 2>&1 || (cat $(BUILD).configure.log; exit 1)

build: configure
	@cmake --build $(BUILD)

web: deps
	@bash scripts/build-web.sh

run: build web
	@bash scripts/run.sh $(BUILD)

test: build web
	@bash scripts/test.sh $(BUILD)

bench:
	@bash bench/run $(BENCH_ARGS)

clean:
	rm -rf $(BUILD) build-fuzz $(BUILD).configure.log
