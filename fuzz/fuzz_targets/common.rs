//! What the fuzz targets share: a config of one call source, a roster of two reps, and
//! the temporary folder they are written to once per process.

use std::{path::PathBuf, sync::OnceLock};

pub const CONFIG: &str = r#"timezone = "Europe/Warsaw"
roster = "roster.csv"
[[source]]
name = "dialer"
kind = "call"
files = ["calls.csv"]
rep = { column = "user_email", match = "email" }
timestamp = { column = "started_at", format = "%Y-%m-%d %H:%M:%S", zone = "rep" }
duration = { column = "duration", unit = "auto" }
direction = "dir"
external_id = "id"
count = { direction = ["outbound"], min_duration_s = 1 }
"#;

pub const ROSTER: &str = "rep_id,full_name,email,phone_extension,social_handle,time_zone,team,role,hire_date\n\
W1,Łukasz Żak,lukasz.zak@acme.example,101,,Europe/Warsaw,Warszawa,ae,2024-01-08\n\
N1,Raj Patel,raj.patel@acme.example,201,,America/New_York,New York,ae,2023-05-02\n";

pub fn dir() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let d = tempfile::tempdir().expect("tempdir").keep();
        std::fs::write(d.join("roster.csv"), ROSTER).expect("roster");
        std::fs::write(d.join("c.toml"), CONFIG).expect("config");
        d
    })
}
