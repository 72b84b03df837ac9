"""The demo data's tables: membership levels, relationship types, custom fields, staff logins, places with
their postcodes and phone ranges, name lists per country, and the weights and wording the builder
(steward/members/demo.py) draws from. Data only: nothing here reads or writes the database."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .models import CustomField, Interaction, Membership, MembershipLevel

DEFAULT_SEED = 1913
DEFAULT_CONSTITUENTS = 2000
MINIMUM_CONSTITUENTS = 50
DEMO_PASSWORD = "steward-demo"  # noqa: S105 (a published demo login, never a real secret)
ADMIN_USERNAME = "admin"
MEMBER_LOGIN = "member@example.org"

# =========================================================================================================
# Reference data: levels, relationship types, custom fields, tags, staff
# =========================================================================================================

LEVELS = [
    {
        "slug": "individual-annual",
        "name": "Individual annual",
        "price": Decimal("60.00"),
        "term": MembershipLevel.Term.ANNUAL,
        "grace_days": 30,
        "sort_order": 10,
        "benefits": "Member magazine four times a year\nFree entry to member evenings\nVoting rights at the AGM",
        "description": "<p>Our standard membership for one person, renewed every year.</p>",
    },
    {
        "slug": "household-annual",
        "name": "Household annual",
        "price": Decimal("90.00"),
        "term": MembershipLevel.Term.ANNUAL,
        "grace_days": 30,
        "covers_household": True,
        "sort_order": 20,
        "benefits": "Everything in Individual, for everyone living at one address\nOne magazine per household",
        "description": "<p>Membership for everyone in your household.</p>",
    },
    {
        "slug": "student",
        "name": "Student",
        "price": Decimal("20.00"),
        "term": MembershipLevel.Term.ANNUAL,
        "grace_days": 14,
        "sort_order": 30,
        "benefits": "Digital magazine\nFree entry to member evenings",
        "description": "<p>For students in full-time education.</p>",
    },
    {
        "slug": "monthly-supporter",
        "name": "Monthly supporter",
        "price": Decimal("8.00"),
        "term": MembershipLevel.Term.MONTHLY,
        "grace_days": 7,
        "sort_order": 40,
        "benefits": "Member magazine\nA yearly impact report",
        "description": "<p>Spread your membership over small monthly payments.</p>",
    },
    {
        "slug": "life-member",
        "name": "Life member",
        "price": Decimal("1200.00"),
        "term": MembershipLevel.Term.LIFETIME,
        "grace_days": 0,
        "sort_order": 50,
        "benefits": "Every member benefit, for life\nYour name on the supporters' wall",
        "description": "<p>One payment, membership for life.</p>",
    },
    {
        "slug": "honorary",
        "name": "Honorary (staff only)",
        "price": Decimal("0.00"),
        "term": MembershipLevel.Term.ANNUAL,
        "grace_days": 30,
        "joinable_online": False,
        "sort_order": 60,
        "benefits": "Every member benefit",
        "description": "<p>Given by the board to people who have served the society.</p>",
    },
]
LEVEL_CURRENCY = "USD"

# The same as members migration 0003 creates (get_or_create by slug finds those; these are for a database
# where staff deleted one).
RELATIONSHIP_TYPES = [
    {
        "slug": "spouse",
        "name": "Spouse / partner",
        "forward_label": "Spouse / partner of",
        "reverse_label": "Spouse / partner of",
    },
    {"slug": "parent", "name": "Parent", "forward_label": "Parent of", "reverse_label": "Child of"},
    {"slug": "sibling", "name": "Sibling", "forward_label": "Sibling of", "reverse_label": "Sibling of"},
    {
        "slug": "employer",
        "name": "Employer",
        "forward_label": "Employer of",
        "reverse_label": "Employee of",
        "is_employment": True,
    },
    {
        "slug": "board-member",
        "name": "Board member",
        "forward_label": "Has board member",
        "reverse_label": "Board member of",
        "is_employment": True,
    },
]

LANGUAGES = {"gb": "English", "us": "English", "th": "ไทย", "mn": "Монгол", "tw": "中文（繁體）"}
CUSTOM_FIELDS = [
    {
        "key": "preferred_language",
        "label": "Preferred language",
        "field_type": CustomField.FieldType.CHOICE,
        "choices": "\n".join(dict.fromkeys(LANGUAGES.values())),
        "help_text": "The language we write to them in.",
        "sort_order": 10,
    },
    {
        "key": "gift_aid",
        "label": "Gift Aid declaration",
        "field_type": CustomField.FieldType.BOOLEAN,
        "help_text": "UK taxpayers: whether we may claim Gift Aid on their payments.",
        "sort_order": 20,
    },
    {
        "key": "first_event",
        "label": "First event attended",
        "field_type": CustomField.FieldType.DATE,
        "sort_order": 30,
    },
    {
        "key": "volunteer_years",
        "label": "Years volunteering",
        "field_type": CustomField.FieldType.NUMBER,
        "sort_order": 40,
    },
    {
        "key": "dietary_needs",
        "label": "Dietary needs",
        "field_type": CustomField.FieldType.TEXT,
        "help_text": "For events with food.",
        "sort_order": 50,
    },
]
DIETARY_NEEDS = ["Vegetarian", "Vegan", "Halal", "No nuts", "Gluten-free", "No pork", "มังสวิรัติ", "素食"]

TAGS = ["Volunteer", "Major donor prospect", "Press", "Alumni", "Event speaker", "Legacy pledger"]

# One demo login per staff group the permissions migration creates; a missing group skips its user.
STAFF_USERS = [
    ("membership", "Membership staff", "Malee", "Srisuk"),
    ("fundraising", "Fundraising staff", "Tom", "Fletcher"),
    ("volunteers", "Volunteer coordinators", "Oyunaa", "Batbold"),
    ("board", "Board", "Grace", "Lin"),
]


# =========================================================================================================
# Places: real districts with their postcodes, so addresses read right to someone who lives there
# =========================================================================================================


@dataclass(frozen=True)
class Place:
    city: str
    region: str
    postcodes: tuple[str, ...]
    areas: tuple[str, ...] = ()
    phone_prefix: str = ""


# Bangkok khet (with their khwaeng) and amphoe elsewhere (with their tambon); postcodes are per district.
TH_PLACES = [
    Place("เขตปทุมวัน", "กรุงเทพมหานคร", ("10330",), ("ลุมพินี", "ปทุมวัน", "รองเมือง", "วังใหม่"), "2"),
    Place("เขตบางรัก", "กรุงเทพมหานคร", ("10500",), ("สีลม", "สุริยวงศ์", "บางรัก", "มหาพฤฒาราม"), "2"),
    Place("เขตวัฒนา", "กรุงเทพมหานคร", ("10110",), ("คลองเตยเหนือ", "คลองตันเหนือ", "พระโขนงเหนือ"), "2"),
    Place("เขตคลองเตย", "กรุงเทพมหานคร", ("10110",), ("คลองเตย", "คลองตัน", "พระโขนง"), "2"),
    Place("เขตจตุจักร", "กรุงเทพมหานคร", ("10900",), ("ลาดยาว", "เสนานิคม", "จันทรเกษม", "จอมพล"), "2"),
    Place("เขตสาทร", "กรุงเทพมหานคร", ("10120",), ("ทุ่งมหาเมฆ", "ยานนาวา", "ทุ่งวัดดอน"), "2"),
    Place("เขตห้วยขวาง", "กรุงเทพมหานคร", ("10310",), ("ห้วยขวาง", "บางกะปิ", "สามเสนนอก"), "2"),
    Place("เขตบางนา", "กรุงเทพมหานคร", ("10260",), ("บางนาเหนือ", "บางนาใต้"), "2"),
    Place("อำเภอเมืองเชียงใหม่", "เชียงใหม่", ("50200",), ("ศรีภูมิ", "พระสิงห์", "สุเทพ"), "53"),
    Place("อำเภอเมืองเชียงใหม่", "เชียงใหม่", ("50100",), ("ช้างคลาน", "หายยา"), "53"),
    Place("อำเภอเมืองนนทบุรี", "นนทบุรี", ("11000",), ("บางกระสอ", "ตลาดขวัญ", "บางเขน"), "2"),
    Place("อำเภอปากเกร็ด", "นนทบุรี", ("11120",), ("ปากเกร็ด", "บางตลาด", "คลองเกลือ"), "2"),
    Place("อำเภอเมืองขอนแก่น", "ขอนแก่น", ("40000",), ("ในเมือง", "ศิลา", "บ้านเป็ด"), "43"),
    Place("อำเภอเมืองภูเก็ต", "ภูเก็ต", ("83000",), ("ตลาดใหญ่", "ตลาดเหนือ", "รัษฎา"), "76"),
    Place("อำเภอกะทู้", "ภูเก็ต", ("83150",), ("ป่าตอง",), "76"),
    Place("อำเภอหาดใหญ่", "สงขลา", ("90110",), ("หาดใหญ่", "คอหงส์", "คลองแห"), "74"),
    Place("อำเภอบางละมุง", "ชลบุรี", ("20150",), ("หนองปรือ", "นาเกลือ"), "38"),
    Place("อำเภอเมืองนครราชสีมา", "นครราชสีมา", ("30000",), ("ในเมือง", "หนองจะบก"), "44"),
]
# Roads people in each province live on (Bangkok addresses name a soi off the main road: ซอยสุขุมวิท 21).
TH_STREETS = {
    "กรุงเทพมหานคร": ("สุขุมวิท", "สีลม", "พระรามที่ 4", "พหลโยธิน", "รัชดาภิเษก", "ลาดพร้าว", "สาทรเหนือ", "เจริญกรุง"),
    "เชียงใหม่": ("นิมมานเหมินท์", "ห้วยแก้ว", "สุเทพ", "ท่าแพ", "ช้างคลาน"),
    "นนทบุรี": ("งามวงศ์วาน", "รัตนาธิเบศร์", "แจ้งวัฒนะ", "ติวานนท์"),
    "ขอนแก่น": ("มิตรภาพ", "ศรีจันทร์", "หน้าเมือง"),
    "ภูเก็ต": ("ถลาง", "เยาวราช", "ราษฎร์อุทิศ 200 ปี", "ทวีวงศ์"),
    "สงขลา": ("นิพัทธ์อุทิศ 1", "เพชรเกษม", "ศรีภูวนารถ"),
    "ชลบุรี": ("พัทยาสาย 2", "สุขุมวิท", "เทพประสิทธิ์"),
    "นครราชสีมา": ("มิตรภาพ", "จอมพล", "ราชดำเนิน"),
}

# Ulaanbaatar's districts: the first two digits of the postcode name the district.
MN_DISTRICTS = [
    ("Сүхбаатар дүүрэг", "14", 20),
    ("Чингэлтэй дүүрэг", "15", 24),
    ("Баянгол дүүрэг", "16", 34),
    ("Хан-Уул дүүрэг", "17", 25),
    ("Сонгинохайрхан дүүрэг", "18", 43),
    ("Баянзүрх дүүрэг", "13", 43),
]
MN_STREETS = [
    "Энхтайвны өргөн чөлөө",
    "Чингисийн өргөн чөлөө",
    "Сөүлийн гудамж",
    "Бага тойруу",
    "Их тойруу",
    "Жамъян гүний гудамж",
    "Олимпийн гудамж",
    "Токиогийн гудамж",
    "Нарны зам",
    "Замчдын гудамж",
    "Махатма Гандийн гудамж",
    "Амарын гудамж",
    "Үндсэн хуулийн гудамж",
    "Ард Аюушийн өргөн чөлөө",
]

# Taiwan: county or city, district and its three-digit code (3+2 and 3+3 forms are built from it); the
# phone prefix is the area code and the first local digit (Taipei and Taichung numbers are one digit longer).
TW_PLACES = [
    Place("中正區", "台北市", ("100",), phone_prefix="22"),
    Place("中山區", "台北市", ("104",), phone_prefix="22"),
    Place("松山區", "台北市", ("105",), phone_prefix="22"),
    Place("大安區", "台北市", ("106",), phone_prefix="22"),
    Place("信義區", "台北市", ("110",), phone_prefix="22"),
    Place("士林區", "台北市", ("111",), phone_prefix="22"),
    Place("內湖區", "台北市", ("114",), phone_prefix="22"),
    Place("文山區", "台北市", ("116",), phone_prefix="22"),
    Place("板橋區", "新北市", ("220",), phone_prefix="22"),
    Place("永和區", "新北市", ("234",), phone_prefix="22"),
    Place("新莊區", "新北市", ("242",), phone_prefix="22"),
    Place("淡水區", "新北市", ("251",), phone_prefix="22"),
    Place("桃園區", "桃園市", ("330",), phone_prefix="33"),
    Place("中壢區", "桃園市", ("320",), phone_prefix="34"),
    Place("東區", "新竹市", ("300",), phone_prefix="35"),
    Place("西屯區", "台中市", ("407",), phone_prefix="42"),
    Place("北區", "台中市", ("404",), phone_prefix="42"),
    Place("南屯區", "台中市", ("408",), phone_prefix="42"),
    Place("中西區", "台南市", ("700",), phone_prefix="62"),
    Place("安平區", "台南市", ("708",), phone_prefix="62"),
    Place("苓雅區", "高雄市", ("802",), phone_prefix="73"),
    Place("鼓山區", "高雄市", ("804",), phone_prefix="73"),
    Place("左營區", "高雄市", ("813",), phone_prefix="73"),
]
TW_STREETS_TAIPEI = (
    "忠孝東路四段",
    "復興南路一段",
    "信義路五段",
    "羅斯福路三段",
    "民生東路三段",
    "敦化南路一段",
    "和平東路二段",
    "南京東路五段",
    "仁愛路四段",
)
# Street names nearly every Taiwanese city has.
TW_STREETS = ("中正路", "中山路", "中華路一段", "民族路", "自由路", "成功路", "建國路", "文化路", "民生路", "光復路")

# UK towns with some of their postcode districts; phone_prefix is the town's Ofcom drama range.
GB_PLACES = [
    Place(
        "London",
        "",
        ("SW1A", "SW1V", "SE1", "SE15", "E1", "E8", "N1", "N16", "NW1", "NW3", "W2", "EC1V"),
        (),
        "2079460",
    ),
    Place("Manchester", "", ("M1", "M4", "M14", "M20"), (), "1614960"),
    Place("Birmingham", "", ("B1", "B5", "B13", "B15"), (), "1214960"),
    Place("Leeds", "", ("LS1", "LS6", "LS11"), (), "1134960"),
    Place("Sheffield", "", ("S1", "S7", "S11"), (), "1144960"),
    Place("Leicester", "", ("LE1", "LE2", "LE3"), (), "1164960"),
    Place("Bristol", "", ("BS1", "BS6", "BS8"), (), "1174960"),
    Place("Reading", "", ("RG1", "RG4", "RG30"), (), "1184960"),
    Place("Edinburgh", "", ("EH1", "EH3", "EH9"), (), "1314960"),
    Place("Glasgow", "", ("G1", "G12", "G41"), (), "1414960"),
    Place("Liverpool", "", ("L1", "L8", "L17"), (), "1514960"),
    Place("Newcastle upon Tyne", "", ("NE1", "NE2", "NE6"), (), "1914980"),
    Place("Cardiff", "", ("CF10", "CF11", "CF24"), (), "2920180"),
]
GB_STREETS = [
    "High Street",
    "Station Road",
    "Church Lane",
    "Victoria Road",
    "Green Lane",
    "Manor Road",
    "Park Road",
    "Queens Road",
    "The Avenue",
    "Mill Lane",
    "Kings Road",
    "London Road",
    "School Lane",
    "York Road",
    "Albert Road",
    "Grange Road",
    "Springfield Road",
    "Windsor Road",
    "Chapel Street",
    "Orchard Close",
]
GB_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # the letters Royal Mail uses in the inward code

# US cities with some of their ZIP codes; phone_prefix is the area code (numbers are 555-01xx).
US_PLACES = [
    Place("New York", "NY", ("10001", "10003", "10011", "10014", "10024", "10027"), (), "212"),
    Place("Los Angeles", "CA", ("90012", "90026", "90027", "90034", "90042"), (), "213"),
    Place("San Francisco", "CA", ("94102", "94103", "94110", "94114", "94117"), (), "415"),
    Place("Chicago", "IL", ("60601", "60614", "60622", "60647", "60657"), (), "312"),
    Place("Seattle", "WA", ("98101", "98103", "98105", "98115", "98122"), (), "206"),
    Place("Boston", "MA", ("02108", "02115", "02116", "02118", "02130"), (), "617"),
    Place("Austin", "TX", ("78701", "78702", "78704", "78745", "78751"), (), "512"),
    Place("Denver", "CO", ("80202", "80205", "80206", "80210", "80218"), (), "303"),
    Place("Portland", "OR", ("97201", "97205", "97209", "97214", "97217"), (), "503"),
    Place("Minneapolis", "MN", ("55401", "55403", "55405", "55408", "55414"), (), "612"),
    Place("Atlanta", "GA", ("30303", "30306", "30307", "30308", "30312"), (), "404"),
    Place("Philadelphia", "PA", ("19103", "19104", "19106", "19123", "19147"), (), "215"),
]
US_STREETS = [
    "Main Street",
    "Oak Avenue",
    "Maple Street",
    "Cedar Lane",
    "Elm Street",
    "Washington Avenue",
    "Park Avenue",
    "Lake Street",
    "Pine Street",
    "Second Street",
    "Hillside Drive",
    "Lincoln Avenue",
    "Sunset Boulevard",
    "Jefferson Street",
    "Highland Avenue",
    "Madison Avenue",
]


# =========================================================================================================
# Names. Faker gives Thai, Traditional Chinese and English names; it has no Mongolian locale, so Mongolian
# names are carried here, in Cyrillic with the Latin spelling people use in email addresses.
# =========================================================================================================

MN_MALE = [
    ("Бат-Эрдэнэ", "baterdene"),
    ("Болд", "bold"),
    ("Ганбаатар", "ganbaatar"),
    ("Энхбаяр", "enkhbayar"),
    ("Отгонбаяр", "otgonbayar"),
    ("Мөнхбат", "munkhbat"),
    ("Тэмүүлэн", "temuulen"),
    ("Батболд", "batbold"),
    ("Ганзориг", "ganzorig"),
    ("Эрдэнэбат", "erdenebat"),
    ("Төмөрбаатар", "tumurbaatar"),
    ("Баяр", "bayar"),
    ("Сүхбат", "sukhbat"),
    ("Очирбат", "ochirbat"),
    ("Тулга", "tulga"),
    ("Билгүүн", "bilguun"),
    ("Анар", "anar"),
    ("Энхтөр", "enkhtur"),
    ("Даваа", "davaa"),
    ("Ууганбаяр", "uuganbayar"),
]
MN_FEMALE = [
    ("Оюунчимэг", "oyunchimeg"),
    ("Сарангэрэл", "sarangerel"),
    ("Нарантуяа", "narantuya"),
    ("Ариунаа", "ariunaa"),
    ("Анужин", "anujin"),
    ("Номин", "nomin"),
    ("Хулан", "khulan"),
    ("Болормаа", "bolormaa"),
    ("Золзаяа", "zolzaya"),
    ("Цэцэг", "tsetseg"),
    ("Мөнхзул", "munkhzul"),
    ("Баярмаа", "bayarmaa"),
    ("Уянга", "uyanga"),
    ("Сэлэнгэ", "selenge"),
    ("Энхжаргал", "enkhjargal"),
    ("Батцэцэг", "battsetseg"),
    ("Одгэрэл", "odgerel"),
    ("Гэрэлмаа", "gerelmaa"),
    ("Мишээл", "misheel"),
    ("Солонго", "solongo"),
]
# Mongolians are known by their given name; the "family name" on a record is the patronymic (the father's
# given name), which is why a Mongolian household's children carry their father's given name below.
MN_FAMILY = [
    ("Батбаяр", "batbayar", "Батбаярын"),
    ("Ганбат", "ganbat", "Ганбатын"),
    ("Дорж", "dorj", "Доржийн"),
    ("Пүрэв", "purev", "Пүрэвийн"),
    ("Нямдорж", "nyamdorj", "Нямдоржийн"),
    ("Баатар", "baatar", "Баатарын"),
    ("Очир", "ochir", "Очирын"),
    ("Лхагва", "lkhagva", "Лхагвын"),
    ("Сүх", "sukh", "Сүхийн"),
    ("Мөнх", "munkh", "Мөнхийн"),
    ("Жаргал", "jargal", "Жаргалын"),
    ("Эрдэнэ", "erdene", "Эрдэнийн"),
    ("Ганхуяг", "gankhuyag", "Ганхуягийн"),
    ("Энхбат", "enkhbat", "Энхбатын"),
    ("Батсүх", "batsukh", "Батсүхийн"),
    ("Пүрэвдорж", "purevdorj", "Пүрэвдоржийн"),
    ("Ганзориг", "ganzorig", "Ганзоригийн"),
    ("Цэрэндорж", "tserendorj", "Цэрэндоржийн"),
]
MN_COMPANY_WORDS = (
    ["Алтан", "Хаан", "Номин", "Мөнх", "Тэнгэр", "Говь", "Хангай", "Эрдэнэ", "Сүлд", "Од"],
    ["Трейд", "Групп", "Констракшн", "Технологи", "Аялал", "Хэвлэл", "Даатгал", "Сүлжээ"],
)

# Common Taiwanese surnames with the spelling used on Taiwanese passports, weighted by how common they are.
TW_SURNAMES = [
    ("陳", "chen", 11),
    ("林", "lin", 8),
    ("黃", "huang", 6),
    ("張", "chang", 5),
    ("李", "lee", 5),
    ("王", "wang", 4),
    ("吳", "wu", 4),
    ("劉", "liu", 3),
    ("蔡", "tsai", 3),
    ("楊", "yang", 3),
    ("許", "hsu", 2),
    ("鄭", "cheng", 2),
    ("謝", "hsieh", 2),
    ("郭", "kuo", 2),
    ("洪", "hung", 2),
    ("曾", "tseng", 2),
    ("邱", "chiu", 2),
    ("廖", "liao", 2),
    ("賴", "lai", 2),
    ("周", "chou", 2),
    ("葉", "yeh", 1),
    ("蘇", "su", 1),
    ("莊", "chuang", 1),
    ("蕭", "hsiao", 1),
]
# Thai nicknames (what friends call each other, and what email addresses are made of).
TH_NICKNAMES_FEMALE = ["ploy", "mint", "prae", "fon", "nan", "pim", "noon", "gift", "om", "pui", "may", "june"]
TH_NICKNAMES_MALE = ["beam", "ice", "tong", "boy", "oat", "bank", "beer", "golf", "ton", "nut", "em", "ball"]
EN_SHORT_NAMES = {
    "William": "Bill",
    "Robert": "Rob",
    "Elizabeth": "Liz",
    "Margaret": "Maggie",
    "Katherine": "Kate",
    "Christopher": "Chris",
    "Alexander": "Alex",
    "Jennifer": "Jen",
    "Michael": "Mike",
    "Thomas": "Tom",
    "James": "Jim",
    "Samantha": "Sam",
    "Daniel": "Dan",
    "Rebecca": "Becky",
    "Joseph": "Joe",
    "Patricia": "Trish",
}

LOCALE_WEIGHTS = {"gb": 30, "us": 25, "th": 18, "tw": 15, "mn": 12}
COUNTRY = {"gb": "GB", "us": "US", "th": "TH", "tw": "TW", "mn": "MN"}
EMAIL_DOMAINS = ["example.org", "example.com", "example.net"]


# =========================================================================================================
# Plan weights and wording: how the demo's memberships, consents and interactions are drawn
# =========================================================================================================

STATUS_WEIGHTS = {
    Membership.Status.CURRENT: 52,
    Membership.Status.GRACE: 8,
    Membership.Status.EXPIRED: 22,
    Membership.Status.PENDING: 5,
    Membership.Status.CANCELLED: 8,
}
# The first memberships planned take these (level, status) pairs, so even a small run has every status,
# every level, household and gift memberships.
FORCED_MEMBERSHIPS = [
    ("individual-annual", Membership.Status.CURRENT),
    ("individual-annual", Membership.Status.GRACE),
    ("individual-annual", Membership.Status.EXPIRED),
    ("individual-annual", Membership.Status.PENDING),
    ("individual-annual", Membership.Status.CANCELLED),
    ("monthly-supporter", Membership.Status.CURRENT),
    ("monthly-supporter", Membership.Status.GRACE),
    ("life-member", Membership.Status.CURRENT),
    ("student", Membership.Status.CURRENT),
    ("honorary", Membership.Status.CURRENT),
]
FORCED_GIFTS = 2
CANCELLATION_REASONS = [
    "Moved abroad",
    "Can no longer afford it",
    "No longer interested",
    "Joined by mistake",
    "Unhappy with the member magazine",
    "Duplicate record",
]
CONSENT_SOURCES = ["portal", "portal", "paper form", "event sign-up", "phone call", "import"]
CONSENT_WORDING = {
    "email": "Yes, email me {topic}. I can unsubscribe at any time with the link in every email.",
    "sms": "Yes, text me {topic}. Reply STOP to any message to stop.",
    "phone": "Yes, you may phone me about {topic}.",
    "mail": "Yes, post me {topic}.",
}
CONSENT_TOPIC_WORDS = {
    "newsletter": "the newsletter",
    "fundraising": "appeals and ways to give",
    "events": "invitations to events",
    "volunteering": "volunteering opportunities",
    "membership": "news about my membership",
}
INTERACTIONS = {
    Interaction.Kind.CALL: (
        [Interaction.Channel.PHONE],
        ["Called about renewal", "Thank-you call for renewing", "Returned call about Gift Aid", "Welcome call"],
    ),
    Interaction.Kind.MEETING: (
        [Interaction.Channel.IN_PERSON, Interaction.Channel.VIDEO],
        ["Coffee with the membership team", "Met at the annual open day", "Meeting about a legacy gift"],
    ),
    Interaction.Kind.EMAIL: (
        [Interaction.Channel.EMAIL],
        ["Asked to update their postal address", "Question about the member card", "Asked about volunteering"],
    ),
    Interaction.Kind.LETTER: (
        [Interaction.Channel.POST],
        ["Sent the welcome pack", "Letter about a change of address", "Sent last year's receipts"],
    ),
    Interaction.Kind.NOTE: (
        [Interaction.Channel.OTHER],
        ["Prefers contact in the evening", "Interested in helping at events", "Speaks at schools about our work"],
    ),
    Interaction.Kind.COMPLAINT: (
        [Interaction.Channel.EMAIL, Interaction.Channel.PHONE],
        ["Member card arrived late", "Charged twice for renewal", "Magazine sent to an old address"],
    ),
    Interaction.Kind.REQUEST: (
        [Interaction.Channel.EMAIL, Interaction.Channel.PHONE, Interaction.Channel.POST],
        ["Requested a copy of receipts", "Asked for the large-print newsletter", "Asked to be called less often"],
    ),
}
FOLLOW_UPS = [
    "Call back about renewal",
    "Send a replacement member card",
    "Check the duplicate charge with finance",
    "Post the receipts",
    "Update the postal address",
    "Introduce to the volunteer coordinator",
    "Send the large-print newsletter",
]
SOURCES = ["Website", "Website", "Event", "Referral", "Paper form", "Social media", "Import 2019", "Street fundraising"]
