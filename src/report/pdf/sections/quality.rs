//! Sections: exceptions, data quality, provenance, sign-off.

use super::*;

/// Exceptions: reps below quota with their weakest metric and period, then reps that
/// exceeded it.
pub(crate) fn exceptions(lay: &mut Layout, r: &Report) {
    let l = lay.l;
    lay.section(&l.exceptions.title, 48.0);
    exceptions_below(lay, r);
    exceptions_exceeded(lay, r);
}

/// Reps below quota, the lowest attainment first, with their weakest attainment row.
fn exceptions_below(lay: &mut Layout, r: &Report) {
    let l = lay.l;
    let worst = weakest_rows(r);
    lay.subheading(&l.exceptions.below_title, 30.0);
    lay.paragraph(&l.exceptions.below_note, 7.5, &Palette::muted());
    let mut below: Vec<&RepRow> = r
        .reps
        .iter()
        .filter(|x| x.status == Status::Below)
        .collect();
    let worst_pct = |x: &RepRow| {
        worst
            .get(x.rep_id.as_str())
            .and_then(|a| a.pct())
            .or(min_pct(x))
    };
    below.sort_by(|a, b| {
        worst_pct(a)
            .cmp(&worst_pct(b))
            .then_with(|| a.rep_name.cmp(&b.rep_name))
    });
    let mut t = Table::new(
        l.exceptions.below_title.clone(),
        vec![
            Col::left(&l.exceptions.rep, ColWidth::Flex(30.0)),
            Col::left(&l.exceptions.team, ColWidth::Flex(18.0)),
            Col::left(&l.exceptions.worst_kind, ColWidth::Natural),
            Col::left(&l.exceptions.period, ColWidth::Natural),
            Col::num(&l.exceptions.done),
            Col::num(&l.exceptions.target),
            Col::num(&l.exceptions.pct),
        ],
    );
    for rep in below {
        let (metric, period, done, target, pct) = match worst.get(rep.rep_id.as_str()) {
            Some(a) => {
                let m = a.metric();
                (
                    l.row_metric(a),
                    l.one_period(&a.period),
                    l.value(m, a.done),
                    l.value(m, a.target),
                    l.opt_pct(a.pct()),
                )
            }
            None => {
                // No attainment rows: fall back to the weakest summed cell.
                let w = rep_metric_cells(r, rep)
                    .into_iter()
                    .filter(|(_, c)| c.target.is_some())
                    .min_by_key(|(_, c)| c.pct());
                match w {
                    Some((m, c)) => (
                        l.metric_in(m, rep.extra.currency.as_deref()),
                        l.period_name(&r.meta.period),
                        l.value(m, c.done),
                        l.opt_value(m, c.target),
                        l.opt_pct(c.pct()),
                    ),
                    None => Default::default(),
                }
            }
        };
        t.push(vec![
            Cell::new(rep.rep_name.as_str()),
            Cell::new(rep.team.as_str()),
            Cell::new(metric),
            Cell::new(period),
            Cell::new(done),
            Cell::new(target),
            Cell::new(pct)
                .bold()
                .color(Palette::status_text(Status::Below)),
        ]);
    }
    lay.table(&t);
}

/// Reps that exceeded quota, the highest lowest attainment first.
fn exceptions_exceeded(lay: &mut Layout, r: &Report) {
    let l = lay.l;
    lay.subheading(&l.exceptions.exceeded_title, 30.0);
    lay.paragraph(&l.exceptions.exceeded_note, 7.5, &Palette::muted());
    let mut over: Vec<&RepRow> = r
        .reps
        .iter()
        .filter(|x| x.status == Status::Exceeded)
        .collect();
    over.sort_by(|a, b| {
        min_pct(b)
            .cmp(&min_pct(a))
            .then_with(|| a.rep_name.cmp(&b.rep_name))
    });
    let mut t = Table::new(
        l.exceptions.exceeded_title.clone(),
        vec![
            Col::left(&l.exceptions.rep, ColWidth::Flex(30.0)),
            Col::left(&l.exceptions.team, ColWidth::Flex(18.0)),
            Col::num(&l.exceptions.lowest),
            Col::num(&l.exceptions.total),
        ],
    );
    for rep in over {
        t.push(vec![
            Cell::new(rep.rep_name.as_str()),
            Cell::new(rep.team.as_str()),
            Cell::new(l.opt_pct(min_pct(rep)))
                .bold()
                .color(Palette::status_text(Status::Exceeded)),
            Cell::new(l.int(rep.total_activities)),
        ]);
    }
    lay.table(&t);
}

/// Data quality: per-file accounting with totals, then the rows not counted by rule,
/// the unknown identities and the first rejected rows.
pub(crate) fn quality(lay: &mut Layout, r: &Report) {
    let totals = quality_files(lay, r);
    if !totals.not_counted.is_empty() {
        quality_reasons(lay, &totals);
    }
    quality_unknown(lay, r);
    if !r.rejects.is_empty() {
        quality_rejects(lay, r);
    }
}

/// The per-file accounting table and whether every file reconciles; returns the totals.
fn quality_files(lay: &mut Layout, r: &Report) -> FileStats {
    let l = lay.l;
    let q = &l.quality;
    lay.section(&q.title, 36.0);
    lay.paragraph(&q.note, 7.5, &Palette::muted());
    let mut t = Table::new(
        q.title.clone(),
        vec![
            Col::left(&q.source, ColWidth::Natural),
            Col::left(&q.file, ColWidth::Wrap(30.0)),
            Col::num(&q.read),
            Col::num(&q.counted),
            Col::num(&q.not_counted),
            Col::num(&q.duplicates),
            Col::num(&q.rejected),
            Col::num(&q.unmatched),
            Col::num(&q.empty),
            Col::num(&q.trailer),
        ],
    );
    t.size = 7.5;
    let cells = |fs: &FileStats, source: &str, file: &str| {
        let warn = |n: u64| {
            let c = Cell::new(l.int(n));
            if n > 0 {
                c.color(Palette::status_text(Status::Below))
            } else {
                c
            }
        };
        let mut read = Cell::new(l.int(fs.read));
        if !fs.reconciles() {
            read = read.bold().color(Palette::status_text(Status::Below));
            read.fill = Palette::status_fill(Status::Below);
        }
        vec![
            Cell::new(source),
            Cell::new(file),
            read,
            Cell::new(l.int(fs.counted)),
            Cell::new(l.int(fs.not_counted_total())),
            Cell::new(l.int(fs.duplicates)),
            warn(fs.rejected),
            warn(fs.unmatched),
            Cell::new(l.int(fs.empty)),
            Cell::new(l.int(fs.trailer)),
        ]
    };
    for fs in &r.files {
        t.push(cells(fs, &fs.source, &fs.file));
    }
    let totals = r.totals();
    if !r.files.is_empty() {
        t.push_total(cells(&totals, &q.total, ""));
    }
    lay.table(&t);
    let bad = r.files.iter().filter(|x| !x.reconciles()).count();
    if bad == 0 {
        lay.paragraph(&q.reconciles, 8.0, &Palette::status_text(Status::Met));
    } else {
        let msg = fill(&q.not_reconciled, &[("n", &l.int(bad as u64))]);
        lay.paragraph(&msg, 8.0, &Palette::status_text(Status::Below));
    }
    totals
}

/// Rows not counted, by rule.
fn quality_reasons(lay: &mut Layout, totals: &FileStats) {
    let l = lay.l;
    let q = &l.quality;
    lay.subheading(&q.reasons_title, 18.0);
    let mut t = Table::new(
        q.reasons_title.clone(),
        vec![
            Col::left(&q.reason, ColWidth::Flex(40.0)),
            Col::num(&q.rows),
        ],
    );
    t.width = Some(100.0);
    for (reason, n) in &totals.not_counted {
        t.push(vec![Cell::new(l.reason(*reason)), Cell::new(l.int(*n))]);
    }
    t.push_total(vec![
        Cell::new(q.total.as_str()),
        Cell::new(l.int(totals.not_counted_total())),
    ]);
    lay.table(&t);
}

/// Unknown identities with their rows, the most frequent first.
fn quality_unknown(lay: &mut Layout, r: &Report) {
    let l = lay.l;
    let q = &l.quality;
    let unknown = r.unknown_identities();
    if unknown.is_empty() {
        return;
    }
    lay.subheading(&q.unknown_title, 18.0);
    let mut list: Vec<(&(String, String), &u64)> = unknown.iter().collect();
    list.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
    let mut t = Table::new(
        q.unknown_title.clone(),
        vec![
            Col::left(&q.source, ColWidth::Natural),
            Col::left(&q.identity, ColWidth::Flex(40.0)),
            Col::num(&q.rows),
        ],
    );
    t.width = Some(140.0);
    for ((source, id), n) in list.iter().take(MAX_UNKNOWN) {
        t.push(vec![
            Cell::new(source.as_str()),
            Cell::new(id.as_str()),
            Cell::new(l.int(**n)),
        ]);
    }
    lay.table(&t);
    if list.len() > MAX_UNKNOWN {
        let more = fill(&q.more, &[("n", &l.int((list.len() - MAX_UNKNOWN) as u64))]);
        lay.paragraph(&more, 7.5, &Palette::muted());
    }
}

/// The first rejected rows (all of them are in rejects.csv).
fn quality_rejects(lay: &mut Layout, r: &Report) {
    let l = lay.l;
    let q = &l.quality;
    lay.subheading(&q.rejects_title, 18.0);
    let mut t = Table::new(
        q.rejects_title.clone(),
        vec![
            Col::left(&q.file, ColWidth::Flex(30.0)),
            Col::num(&q.line),
            Col::left(&q.column, ColWidth::Flex(18.0)),
            Col::left(&q.value, ColWidth::Flex(25.0)),
            Col::left(&q.why, ColWidth::Flex(40.0)),
        ],
    );
    t.size = 7.0;
    for rej in r.rejects.iter().take(MAX_REJECTS) {
        t.push(vec![
            Cell::new(rej.file.as_str()),
            Cell::new(l.int(rej.line)),
            Cell::new(rej.column.as_str()),
            Cell::new(rej.value.as_str()),
            Cell::new(rej.reason.as_str()),
        ]);
    }
    lay.table(&t);
    if r.rejects.len() > MAX_REJECTS {
        let more = fill(
            &q.more,
            &[("n", &l.int((r.rejects.len() - MAX_REJECTS) as u64))],
        );
        lay.paragraph(&more, 7.5, &Palette::muted());
    }
}

/// `s` as two lines: the first `n` characters and the rest.
pub(crate) fn two_lines(s: &str, n: usize) -> String {
    match s.char_indices().nth(n) {
        Some((i, _)) => format!("{}\n{}", &s[..i], &s[i..]),
        None => s.to_string(),
    }
}

pub(crate) fn provenance(lay: &mut Layout, r: &Report, opts: &PdfOptions) {
    let l = lay.l;
    let p = &l.provenance;
    lay.section(&p.title, 36.0);
    lay.paragraph(&p.note, 7.5, &Palette::muted());
    let mut t = Table::new(
        p.title.clone(),
        vec![
            Col::left(&l.quality.source, ColWidth::Natural),
            Col::left(&p.file, ColWidth::Wrap(40.0)),
            Col::num(&p.size),
            Col::left(&p.sha256, ColWidth::Natural),
        ],
    );
    t.size = 7.5;
    // the roster and absences first (the config, with its full hash, is below)
    for i in r.extra.side_inputs.iter().filter(|i| i.role != "config") {
        let role = match i.role.as_str() {
            "roster" => p.roster.as_str(),
            "absences" => p.absences.as_str(),
            other => other,
        };
        t.push(vec![
            Cell::new(role),
            Cell::new(i.shown.as_str()),
            Cell::new(l.int(i.size)),
            Cell::new(two_lines(&i.sha256, 32)).color(Palette::muted()),
        ]);
    }
    for fs in &r.files {
        t.push(vec![
            Cell::new(fs.source.as_str()),
            Cell::new(fs.file.as_str()),
            Cell::new(l.int(fs.size)),
            Cell::new(two_lines(&fs.sha256, 32)).color(Palette::muted()),
        ]);
    }
    lay.table(&t);
    lay.gap(2.0);
    let m = &r.meta;
    lay.key_values(&[
        (p.config.clone(), m.config.clone()),
        (p.config_sha256.clone(), m.config_sha256.clone()),
        (p.tool.clone(), format!("activity-quota {}", m.version)),
        (p.language.clone(), opts.lang.as_str().to_string()),
        (p.generated.clone(), l.date(opts.generated)),
    ]);
}

/// The sign-off: the closure line ("Draft — not closed", or "Closed by … on …") with
/// its note, then three signature fields: (title, hint under the line, what a closed
/// period fills in above the line).
pub(crate) fn signoff(lay: &mut Layout, cols: [(&String, &String, Option<String>); 3]) {
    let l = lay.l;
    lay.section(&l.signoff.title, 40.0);
    let stamp = stamp(l, lay.closure);
    let lh = 9.5 * PT_MM * 1.3;
    lay.y -= lh;
    let line = lay.f.fit(Face::Bold, &stamp.text, 9.5, WIDTH);
    lay.text(
        Face::Bold,
        9.5,
        LEFT,
        lay.y + lh * 0.25,
        &line,
        &stamp.color(),
    );
    let note = if stamp.closed {
        &l.closure.closed_note
    } else {
        &l.closure.draft_note
    };
    lay.paragraph(note, 7.5, &Palette::muted());
    let gap = 8.0;
    let w = (WIDTH - 2.0 * gap) / 3.0;
    let top = lay.y - 2.0;
    let line_y = top - 18.0;
    for (i, (title, hint, filled)) in cols.iter().enumerate() {
        let x = LEFT + i as f32 * (w + gap);
        lay.text(Face::Bold, 9.0, x, top - 3.5, title, &Palette::text());
        if let Some(v) = filled {
            // a long name is set smaller rather than cut
            let natural = lay.f.width(Face::Regular, v, 9.0);
            let size = (9.0 * w / natural.max(0.01)).clamp(6.5, 9.0);
            let v = lay.f.fit(Face::Regular, v, size, w);
            lay.text(Face::Regular, size, x, line_y + 1.8, &v, &Palette::text());
        }
        op_line(
            &mut lay.cur,
            (x, line_y),
            (x + w, line_y),
            0.6,
            &Palette::text(),
        );
        lay.text(Face::Regular, 7.0, x, line_y - 3.2, hint, &Palette::muted());
    }
    lay.y = line_y - 6.0;
}
