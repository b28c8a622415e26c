#!/usr/bin/env bash
# Runs the benchmarks against a Release build: bench/run.sh [seconds-per-request] [concurrency] [all|graph|api|bot|drain|memory|tab]
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build src/CommPlan.Host -c Release -nologo -clp:ErrorsOnly
dotnet run --project bench/CommPlan.Bench -c Release -- "${1:-10}" "${2:-16}" "${3:-all}"
