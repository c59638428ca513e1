// Scratch (not committed): renders one spec file relative to generator/tests, prints the error or writes the code.
fn main() {
    let file = std::env::args().nth(1).unwrap();
    let tests = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let started = std::time::Instant::now();
    match generator::spec::load(&tests, std::path::Path::new(&file))
        .and_then(|spec| generator::codegen::render(&spec))
    {
        Ok(code) => {
            std::fs::write("/tmp/render_one.rs", code).unwrap();
            println!("ok in {:?}", started.elapsed());
        }
        Err(err) => println!("{err}\n(in {:?})", started.elapsed()),
    }
}
