//! Pass 2: header and footer of every page.

use super::*;

// ---------------------------------------------------------------------------------------
// Pass 2: header and footer
// ---------------------------------------------------------------------------------------

pub(crate) struct Chrome {
    pub(crate) company: String,
    pub(crate) title: String,
    /// Right-aligned beside the period (a statement's rep).
    pub(crate) subtitle: Option<String>,
    pub(crate) period: String,
    pub(crate) tz: String,
    pub(crate) config: String,
    pub(crate) generated: String,
    pub(crate) tool: String,
    /// "Draft — not closed", or "Closed by … on …", in the footer of every page.
    pub(crate) stamp: Stamp,
}

/// The closure state printed on every page and in the sign-off block.
pub(crate) struct Stamp {
    pub(crate) text: String,
    pub(crate) closed: bool,
}

impl Stamp {
    /// Red for a draft, green once closed.
    pub(crate) fn color(&self) -> Color {
        Palette::status_text(if self.closed {
            Status::Met
        } else {
            Status::Below
        })
    }
}

/// The stamp of a draft (`closure` is `None`) or of a closed period.
pub(crate) fn stamp(l: &Labels, closure: Option<&SignOff>) -> Stamp {
    match closure {
        None => Stamp {
            text: l.closure.draft.clone(),
            closed: false,
        },
        Some(c) => Stamp {
            text: fill(
                &l.closure.closed,
                &[
                    ("name", c.by.as_str()),
                    ("date", &l.date(c.at.date_naive())),
                    ("time", &c.at.format("%H:%M").to_string()),
                ],
            ),
            closed: true,
        },
    }
}

impl Chrome {
    pub(crate) fn new(
        r: &Report,
        opts: &PdfOptions,
        l: &Labels,
        title: &str,
        subtitle: Option<String>,
    ) -> Chrome {
        let m = &r.meta;
        let period = fill(
            &l.format.period_with_dates,
            &[
                ("period", &l.period_name(&m.period)),
                ("from", &l.date(m.period.start())),
                ("to", &l.date(m.period.last_day())),
            ],
        );
        Chrome {
            company: m.company.clone(),
            title: title.to_string(),
            subtitle,
            period: fill(&l.header.period, &[("period", &period)]),
            tz: fill(&l.header.tz_basis, &[("tz", &m.timezone)]),
            config: fill(&l.header.config, &[("path", &m.config)]),
            generated: fill(&l.header.generated, &[("date", &l.date(opts.generated))]),
            tool: format!("activity-quota {}", m.version),
            stamp: stamp(l, None),
        }
    }

    pub(crate) fn draw(&self, f: &Fonts, l: &Labels, page: usize, pages: usize, ops: &mut Canvas) {
        let muted = Palette::muted();
        let right = |ops: &mut Canvas, face: Face, size: f32, y: f32, s: &str, col: &Color| {
            let s = f.clean(s);
            let w = f.width(face, &s, size);
            op_text(ops, face, size, RIGHT - w, y, &s, col);
        };
        // Header.
        let title_w = f.width(Face::Bold, &self.title, 10.0);
        let company = f.fit(Face::Bold, &self.company, 15.0, WIDTH - title_w - 8.0);
        op_text(
            ops,
            Face::Bold,
            15.0,
            LEFT,
            282.0,
            &company,
            &Palette::text(),
        );
        right(
            ops,
            Face::Bold,
            10.0,
            282.0,
            &self.title,
            &Palette::accent(),
        );
        let mut period_w = WIDTH;
        if let Some(sub) = &self.subtitle {
            let sub = f.fit(Face::Bold, sub, 9.5, WIDTH * 0.45);
            period_w -= f.width(Face::Bold, &sub, 9.5) + 6.0;
            right(ops, Face::Bold, 9.5, 276.0, &sub, &Palette::text());
        }
        let period = f.fit(Face::Bold, &self.period, 9.5, period_w);
        op_text(
            ops,
            Face::Bold,
            9.5,
            LEFT,
            276.0,
            &period,
            &Palette::accent(),
        );
        let tz = f.fit(Face::Regular, &self.tz, 7.5, WIDTH);
        op_text(ops, Face::Regular, 7.5, LEFT, 271.5, &tz, &muted);
        let gen_w = f.width(Face::Regular, &self.generated, 7.5);
        let config = f.fit(Face::Regular, &self.config, 7.5, WIDTH - gen_w - 6.0);
        op_text(ops, Face::Regular, 7.5, LEFT, 267.8, &config, &muted);
        right(ops, Face::Regular, 7.5, 267.8, &self.generated, &muted);
        op_line(ops, (LEFT, 265.3), (RIGHT, 265.3), 1.2, &Palette::accent());
        // Footer: tool and company, the closure stamp, the page number.
        op_line(ops, (LEFT, 14.0), (RIGHT, 14.0), 0.4, &Palette::grid());
        let n = fill(
            &l.footer.page,
            &[("page", &page.to_string()), ("pages", &pages.to_string())],
        );
        let stamp_right = RIGHT - f.width(Face::Regular, &n, 7.5) - 5.0;
        let left_text = if self.company.trim().is_empty() {
            self.tool.clone()
        } else {
            format!("{} · {}", self.tool, self.company)
        };
        // the stamp takes what the tool and company leave, and at least 60 %
        let left_w = f.width(Face::Regular, &left_text, 7.0).min(WIDTH * 0.3);
        let stamp_max = (stamp_right - LEFT - left_w - 5.0).max(WIDTH * 0.6);
        let stamp = f.fit(Face::Bold, &self.stamp.text, 7.5, stamp_max);
        let stamp_w = f.width(Face::Bold, &stamp, 7.5);
        op_text(
            ops,
            Face::Bold,
            7.5,
            stamp_right - stamp_w,
            10.0,
            &stamp,
            &self.stamp.color(),
        );
        let left = f.fit(
            Face::Regular,
            &left_text,
            7.0,
            stamp_right - stamp_w - 5.0 - LEFT,
        );
        op_text(ops, Face::Regular, 7.0, LEFT, 10.0, &left, &muted);
        right(ops, Face::Regular, 7.5, 10.0, &n, &Palette::text());
    }
}
