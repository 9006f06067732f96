// sqlx::migrate! embeds the migration files at compile time; without this, adding or
// editing one would not rebuild the binary that carries them.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
