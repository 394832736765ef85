package sandbox

// Name pools for the seeded organization. Each entry pairs the display
// form with the ASCII form used to build e-mail addresses, because real
// corporate mailboxes are ASCII even when names are not.

type namePart struct{ display, ascii string }

var firstNames = []namePart{
	{"James", "james"}, {"Mary", "mary"}, {"Robert", "robert"}, {"Patricia", "patricia"},
	{"John", "john"}, {"Jennifer", "jennifer"}, {"Michael", "michael"}, {"Linda", "linda"},
	{"David", "david"}, {"Elizabeth", "elizabeth"}, {"William", "william"}, {"Barbara", "barbara"},
	{"Richard", "richard"}, {"Susan", "susan"}, {"Joseph", "joseph"}, {"Jessica", "jessica"},
	{"Thomas", "thomas"}, {"Sarah", "sarah"}, {"Daniel", "daniel"}, {"Karen", "karen"},
	{"Priya", "priya"}, {"Arjun", "arjun"}, {"Aisha", "aisha"}, {"Omar", "omar"},
	{"Mei", "mei"}, {"Hiroshi", "hiroshi"}, {"Yuki", "yuki"}, {"Min-jun", "minjun"},
	{"Olivia", "olivia"}, {"Liam", "liam"}, {"Emma", "emma"}, {"Noah", "noah"},
	{"Sofia", "sofia"}, {"Lucas", "lucas"}, {"Chloé", "chloe"}, {"Zoë", "zoe"},
	{"José", "jose"}, {"María", "maria"}, {"Jürgen", "juergen"}, {"Søren", "soren"},
	{"Björn", "bjorn"}, {"Åsa", "asa"}, {"Łukasz", "lukasz"}, {"Zoltán", "zoltan"},
	{"François", "francois"}, {"Inès", "ines"}, {"Mehmet", "mehmet"}, {"Ayşe", "ayse"},
	{"Nguyễn", "nguyen"}, {"Oluwaseun", "oluwaseun"}, {"Chidi", "chidi"}, {"Amara", "amara"},
	{"Kwame", "kwame"}, {"Fatima", "fatima"}, {"Dmitri", "dmitri"}, {"Anastasia", "anastasia"},
	{"Mateo", "mateo"}, {"Valentina", "valentina"}, {"Ethan", "ethan"}, {"Grace", "grace"},
	{"Henry", "henry"}, {"Isla", "isla"}, {"Jack", "jack"}, {"Ava", "ava"},
	{"Leo", "leo"}, {"Mia", "mia"}, {"Oscar", "oscar"}, {"Ruby", "ruby"},
	{"Samuel", "samuel"}, {"Hannah", "hannah"}, {"Benjamin", "benjamin"}, {"Nora", "nora"},
}

var lastNames = []namePart{
	{"Smith", "smith"}, {"Johnson", "johnson"}, {"Williams", "williams"}, {"Brown", "brown"},
	{"Jones", "jones"}, {"Garcia", "garcia"}, {"Miller", "miller"}, {"Davis", "davis"},
	{"Rodriguez", "rodriguez"}, {"Martinez", "martinez"}, {"Hernandez", "hernandez"}, {"Lopez", "lopez"},
	{"Wilson", "wilson"}, {"Anderson", "anderson"}, {"Taylor", "taylor"}, {"Thomas", "thomas"},
	{"Moore", "moore"}, {"Jackson", "jackson"}, {"Martin", "martin"}, {"Lee", "lee"},
	{"Patel", "patel"}, {"Shah", "shah"}, {"Khan", "khan"}, {"Kim", "kim"},
	{"Nakamura", "nakamura"}, {"Tanaka", "tanaka"}, {"Chen", "chen"}, {"Wang", "wang"},
	{"Müller", "mueller"}, {"Schröder", "schroeder"}, {"Weiß", "weiss"}, {"Ødegaard", "odegaard"},
	{"Sørensen", "sorensen"}, {"Lindqvist", "lindqvist"}, {"Wójcik", "wojcik"}, {"Dvořák", "dvorak"},
	{"Núñez", "nunez"}, {"Peña", "pena"}, {"Gonçalves", "goncalves"}, {"Lefèvre", "lefevre"},
	{"Dubois", "dubois"}, {"Öztürk", "ozturk"}, {"Yılmaz", "yilmaz"}, {"Okafor", "okafor"},
	{"Adeyemi", "adeyemi"}, {"Mensah", "mensah"}, {"Ivanova", "ivanova"}, {"Petrov", "petrov"},
	{"O'Brien", "obrien"}, {"McCarthy", "mccarthy"}, {"van der Berg", "vanderberg"}, {"De Luca", "deluca"},
	{"Rossi", "rossi"}, {"Bianchi", "bianchi"}, {"Novak", "novak"}, {"Horvat", "horvat"},
	{"Clarke", "clarke"}, {"Walker", "walker"}, {"Young", "young"}, {"King", "king"},
}

// fullNames are whole names whose display form is not "first last" in
// Latin script; they are mixed in so CJK, Greek and Cyrillic reach the UI
// and file names.
var fullNames = []namePart{
	{"王芳", "wang.fang"}, {"李伟", "li.wei"}, {"张敏", "zhang.min"}, {"陈静", "chen.jing"},
	{"佐藤 健", "sato.ken"}, {"김지수", "kim.jisu"}, {"Αλέξανδρος Παπαδόπουλος", "alexandros.papadopoulos"},
	{"Екатерина Смирнова", "ekaterina.smirnova"}, {"محمد العلي", "mohammed.alali"},
}

var jobTitles = []string{
	"Software Engineer", "Senior Software Engineer", "Staff Engineer", "Engineering Manager",
	"Product Manager", "Product Designer", "UX Researcher", "Data Scientist", "Data Analyst",
	"Account Executive", "Sales Development Rep", "Head of Sales", "Customer Success Manager",
	"Support Specialist", "Marketing Manager", "Content Strategist", "Brand Designer",
	"People Partner", "Talent Acquisition Lead", "HR Generalist", "Office Manager",
	"Financial Analyst", "Controller", "Chief Financial Officer", "Chief Executive Officer",
	"VP Engineering", "VP Marketing", "Legal Counsel", "Security Engineer", "DevOps Engineer",
	"QA Engineer", "Solutions Architect", "Operations Lead", "Executive Assistant",
}

// teamNames: the seed uses the first 5-8 of these in seed-dependent order.
var teamNames = []string{
	"Engineering", "Sales", "Marketing & Brand", "People Ops", "Customer Success",
	"Finance", "Design", "Leadership",
}

// hostileTitles are model titles that break naive file naming: every
// character Windows forbids, a reserved device name, dot-only names,
// trailing dots/spaces, a bidi override, an emoji and one far longer than
// 255 bytes once UTF-8 encoded.
var hostileTitles = []string{
	`Ana "AJ" Jones: CEO/Founder`,
	`R&D \ Lab * Team?`,
	`<Maya> | Ops`,
	`CON`,
	`..`,
	`Dana Whitfield. `,
	"Eve \u202Egpj.exe",
	"Mia 🌸 Hoffmann",
	"Tab\tand\nnewline",
	"Dr. Maximiliane Friederike Konstanze von und zu Hohenzollern-Sigmaringen-Württemberg-Baden, " +
		"Senior Vice President of Global Strategic Partnerships, Corporate Development & Mergers / Acquisitions " +
		"(EMEA, APAC, LATAM) — Chief of Staff to the Office of the Chief Executive Officer, Board Liaison, " +
		"Ombudsperson, and Keeper of the Quarterly Offsite Spreadsheet ★★★",
}
