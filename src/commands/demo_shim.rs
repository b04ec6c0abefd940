//! TEMPORARY stand-in for `demo::Generator` (branch `bidi`), same API, so `watchdesk demo`
//! runs before it lands. A handful of templates; deleted when `bidi` is merged.

pub struct Generator {
    state: u64,
    count: u64,
}

const PLACES: &[&str] = &[
    "بغداد",
    "البصرة",
    "الموصل",
    "كركوك",
    "الرمادي",
    "بعقوبة",
    "تكريت",
    "النجف",
];
const EVENTS: &[(&str, &str)] = &[
    (
        "انفجار عبوة ناسفة في {p} يوقع جرحى",
        "انفجرت عبوة ناسفة صباح اليوم في {p}، ما أدى إلى إصابة عدد من المدنيين، فيما طوقت القوات الأمنية المكان. وقالت خلية الإعلام الأمني إن التحقيقات جارية لمعرفة الجهة التي تقف وراء الهجوم الإرهابي.",
    ),
    (
        "القبض على متهمين بتجارة المخدرات في {p}",
        "أعلنت مديرية شؤون المخدرات القبض على ثلاثة متهمين بالاتجار بالمخدرات في {p} وضبط كميات من الحبوب المخدرة بحوزتهم.",
    ),
    (
        "تظاهرات في {p} للمطالبة بتوفير الخدمات",
        "خرج مئات المتظاهرين في {p} للمطالبة بتوفير الكهرباء والماء وفرص العمل، وسط انتشار أمني في محيط ساحة الاحتجاج.",
    ),
    (
        "عملية عسكرية لملاحقة بقايا داعش قرب {p}",
        "انطلقت عملية عسكرية واسعة لتفتيش المناطق الصحراوية قرب {p} بمشاركة طيران الجيش، بهدف ملاحقة بقايا عصابات داعش الإرهابية.",
    ),
    (
        "نزاع عشائري في {p} يخلف قتيلين",
        "اندلع نزاع عشائري مسلح في {p} استخدمت فيه الأسلحة المتوسطة، ما أسفر عن مقتل شخصين، وتدخلت قوة أمنية لفض النزاع.",
    ),
];
const SOURCES: &[&str] = &["واع", "شفق نيوز", "السومرية نيوز", "بغداد اليوم"];

impl Generator {
    pub fn new(seed: u64) -> Generator {
        Generator {
            state: seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407),
            count: 0,
        }
    }

    fn next(&mut self, n: usize) -> usize {
        self.state = self
            .state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.state >> 33) % n as u64) as usize
    }

    /// (file name, text) of the next sample article.
    pub fn next_article(&mut self) -> (String, String) {
        self.count += 1;
        let place = PLACES[self.next(PLACES.len())];
        let (title, body) = EVENTS[self.next(EVENTS.len())];
        let source = SOURCES[self.next(SOURCES.len())];
        let text = format!(
            "{}\n\n{place} – {source}\n\n{}\n",
            title.replace("{p}", place),
            body.replace("{p}", place)
        );
        (format!("demo_{:05}.txt", self.count), text)
    }
}
