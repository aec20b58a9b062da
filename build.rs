//! Compress the embedded fonts once, at build time: every PDF embeds both whole, and
//! deflating 0.8 MB at run time cost each report about 15 ms of CPU.
use std::{env, fs, io::Write, path::PathBuf};

fn main() {
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    for name in ["LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf"] {
        let src = format!("templates/fonts/{name}");
        println!("cargo::rerun-if-changed={src}");
        let ttf = fs::read(&src).unwrap_or_else(|e| panic!("cannot read {src}: {e}"));
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        z.write_all(&ttf).expect("compressing into memory");
        let packed = z.finish().expect("compressing into memory");
        fs::write(out.join(format!("{name}.zlib")), packed)
            .unwrap_or_else(|e| panic!("cannot write to OUT_DIR: {e}"));
    }
    println!("cargo::rerun-if-changed=build.rs");
}
