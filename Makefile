# mailsec front door. `make test` and `make run` work on a fresh Debian 12 machine.
BUILD ?= build
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_FLAGS ?=

.PHONY: all deps configure build test run bench fuzz install clean

all: build

deps:
	./scripts/install-deps

configure: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS)

build: configure
	cmake --build $(BUILD) -j$(JOBS)

test: build
	cd $(BUILD) && ctest --output-on-failure -j$(JOBS)

run: build
	./scripts/run-daemons $(BUILD)

bench: build
	./scripts/run-benchmarks $(BUILD)

# libFuzzer builds of every fuzz target (clang), in build-fuzz/.
fuzz: deps
	cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMAILSEC_FUZZ=ON \
	  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ $(CMAKE_FLAGS)
	cmake --build build-fuzz -j$(JOBS)
	@echo "fuzz targets are in build-fuzz/bin/fuzz_*; run one with its corpus, e.g."
	@echo "  build-fuzz/bin/fuzz_zone_text -max_total_time=60 tests/fuzz/corpus/zone_text"

install: build
	cmake --install $(BUILD)

clean:
	rm -rf $(BUILD) build-fuzz
