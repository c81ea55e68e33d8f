#!/usr/bin/env bash
# Issue 6, item 7: what the derive costs a user at build time.
#
# Builds two small crates outside the workspace that both depend on this repository's
# `doku-partner` by path and bind Get Business Data:
#
#   derive  - `#[derive(doku_partner::Endpoint)] #[doku(spec = "spec/get_business_data.yaml")]`
#   pasted  - the code `doku-partner generate` writes for the same spec, checked in as
#             src/bindings.rs (no derive invocation; the facade still depends on the macro
#             crate, so the dependency graph is the same)
#
# and times `cargo build` (dev profile, incremental on, as a user runs it):
#
#   full clean   - empty target directory: every dependency, then the crate;
#   crate clean  - dependencies built, `cargo clean -p <crate>`, then build: the crate alone;
#   spec edit    - a one-line edit of the spec's title, then build (derive: cargo notices the
#                  spec through the derive's file tracking; pasted: `doku-partner generate`
#                  runs first, timed separately and as part of the total).
#
# Each crate has its own target directory under $BUILD_COST_DIR and a copy of the repository's
# Cargo.lock, so no registry resolution happens and the main target directory is untouched.
# Not part of CI. Prints a Markdown table (median of --runs runs for the non-full rows).
#
# Usage: scripts/build-cost.sh [--runs N] [--skip-full]
set -euo pipefail

runs=3
full=1
while [[ $# -gt 0 ]]; do
    case "$1" in
        --runs) runs="$2"; shift 2 ;;
        --skip-full) full=0; shift ;;
        -h | --help) sed -n '2,26p' "$0"; exit 0 ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
done

repo="$(cd "$(dirname "$0")/.." && pwd)"
work="${BUILD_COST_DIR:-$repo/target/build-cost}"
spec_rel="spec/get_business_data.yaml"
export CARGO_TERM_COLOR=never

# The generator the pasted workflow runs (the same debug build a developer has at hand).
cargo build -q --manifest-path "$repo/Cargo.toml" -p doku-partner-cli
cli="${CARGO_TARGET_DIR:-$repo/target}/debug/doku-partner"

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }
median() { tr ' ' '\n' | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

setup() { # $1 = derive | pasted
    local dir="$work/$1"
    rm -rf "$dir/src" "$dir/spec"
    mkdir -p "$dir/src" "$dir/spec/examples"
    cp "$repo/$spec_rel" "$dir/spec/"
    cp "$repo"/spec/examples/get_business_data.*.json "$dir/spec/examples/"
    cp "$repo/Cargo.lock" "$dir/Cargo.lock"
    cat > "$dir/Cargo.toml" <<EOF
[package]
name = "build-cost-$1"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
doku-partner = { path = "$repo" }

[workspace]
EOF
    if [[ $1 == derive ]]; then
        cat > "$dir/src/lib.rs" <<'EOF'
//! Binds Get Business Data with the derive.

/// DOKU's Get Business Data.
#[derive(doku_partner::Endpoint)]
#[doku(spec = "spec/get_business_data.yaml")]
pub struct GetBusinessData;

/// Uses the bindings, so they are type-checked like user code.
pub fn request(client_id: &str) -> Option<String> {
    use doku_partner::support::ApiRequest as _;
    let request = get_business_data::RawRequest {
        client_id,
        business_type: "PERSONAL",
        business_legal_entity: "PERSEORANGAN",
        brand_business_line: "RETAIL",
        business_contact_nationality: "ID",
    }
    .validate()
    .ok()?;
    request.query_string()
}
EOF
    else
        cat > "$dir/src/lib.rs" <<'EOF'
//! Binds Get Business Data with code from `doku-partner generate`.

mod bindings;
pub use bindings::{GetBusinessData, get_business_data};

/// Uses the bindings, so they are type-checked like user code.
pub fn request(client_id: &str) -> Option<String> {
    use doku_partner::support::ApiRequest as _;
    let request = get_business_data::RawRequest {
        client_id,
        business_type: "PERSONAL",
        business_legal_entity: "PERSEORANGAN",
        brand_business_line: "RETAIL",
        business_contact_nationality: "ID",
    }
    .validate()
    .ok()?;
    request.query_string()
}
EOF
        (cd "$dir" && "$cli" generate "$spec_rel" -o src/bindings.rs)
    fi
}

build() { # $1 = crate dir; prints seconds
    local start
    start="$(now)"
    (cd "$1" && cargo build -q --target-dir "$1/target" 2> "$1/build.log") || {
        cat "$1/build.log" >&2
        exit 1
    }
    elapsed "$start"
}

edit_spec() { # $1 = crate dir, $2 = edit number: one line of the spec changes
    sed -i "s/^title: .*/title: Get Business Data (edit $2)/" "$1/$spec_rel"
}

declare -A result
for variant in derive pasted; do
    dir="$work/$variant"
    mkdir -p "$dir"
    setup "$variant"
    if [[ $full == 1 ]]; then
        rm -rf "$dir/target"
        echo "[$variant] full clean build ..." >&2
        result[$variant,full]="$(build "$dir")"
    else
        build "$dir" > /dev/null
    fi

    times=()
    for i in $(seq "$runs"); do
        (cd "$dir" && cargo clean -q -p "build-cost-$variant" --target-dir "$dir/target")
        times+=("$(build "$dir")")
    done
    result[$variant,crate]="$(echo "${times[@]}" | median)"
    echo "[$variant] crate clean: ${times[*]}" >&2

    builds=()
    gens=()
    totals=()
    for i in $(seq "$runs"); do
        edit_spec "$dir" "$i"
        gen=0
        if [[ $variant == pasted ]]; then
            start="$(now)"
            (cd "$dir" && "$cli" generate "$spec_rel" -o src/bindings.rs)
            gen="$(elapsed "$start")"
        fi
        b="$(build "$dir")"
        builds+=("$b")
        gens+=("$gen")
        totals+=("$(awk -v a="$b" -v g="$gen" 'BEGIN { printf "%.2f", a + g }')")
    done
    result[$variant,edit]="$(echo "${builds[@]}" | median)"
    result[$variant,gen]="$(echo "${gens[@]}" | median)"
    result[$variant,total]="$(echo "${totals[@]}" | median)"
    echo "[$variant] spec edit: build ${builds[*]}, generate ${gens[*]}" >&2
    setup "$variant" > /dev/null # restore the spec
done

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }

echo
echo "build cost ($(date -u +%Y-%m-%d), $(nproc) cores, runs=$runs; seconds, median)"
echo
echo "| measure | derive | pasted (generate) | derive / pasted |"
echo "| --- | --- | --- | --- |"
if [[ $full == 1 ]]; then
    echo "| full clean \`cargo build\` | ${result[derive,full]} | ${result[pasted,full]} | $(ratio "${result[derive,full]}" "${result[pasted,full]}") |"
fi
echo "| crate-only clean \`cargo build\` | ${result[derive,crate]} | ${result[pasted,crate]} | $(ratio "${result[derive,crate]}" "${result[pasted,crate]}") |"
echo "| one-line spec edit, \`cargo build\` | ${result[derive,edit]} | ${result[pasted,edit]} | $(ratio "${result[derive,edit]}" "${result[pasted,edit]}") |"
echo "| one-line spec edit, \`doku-partner generate\` | - | ${result[pasted,gen]} | - |"
echo "| one-line spec edit, total | ${result[derive,total]} | ${result[pasted,total]} | $(ratio "${result[derive,total]}" "${result[pasted,total]}") |"
