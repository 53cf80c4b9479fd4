package bot

import (
	"strings"
	"unicode"
)

// zoneEntry is a city people search for and the IANA zone it lives in.
type zoneEntry struct {
	city string
	zone string
}

// zoneList is the cities offered when asking a person's time zone; a
// person may also type any IANA zone name. Indexes are button data, so
// entries are only ever appended.
var zoneList = []zoneEntry{
	{"London", "Europe/London"}, {"Paris", "Europe/Paris"}, {"Berlin", "Europe/Berlin"},
	{"Madrid", "Europe/Madrid"}, {"Rome", "Europe/Rome"}, {"Amsterdam", "Europe/Amsterdam"},
	{"Brussels", "Europe/Brussels"}, {"Zurich", "Europe/Zurich"}, {"Geneva", "Europe/Zurich"},
	{"Lisbon", "Europe/Lisbon"}, {"Dublin", "Europe/Dublin"}, {"Vienna", "Europe/Vienna"},
	{"Stockholm", "Europe/Stockholm"}, {"Oslo", "Europe/Oslo"}, {"Copenhagen", "Europe/Copenhagen"},
	{"Helsinki", "Europe/Helsinki"}, {"Warsaw", "Europe/Warsaw"}, {"Prague", "Europe/Prague"},
	{"Athens", "Europe/Athens"}, {"Istanbul", "Europe/Istanbul"}, {"Kyiv", "Europe/Kyiv"},
	{"Moscow", "Europe/Moscow"}, {"Lyon", "Europe/Paris"}, {"Marseille", "Europe/Paris"},
	{"Toulouse", "Europe/Paris"}, {"Bordeaux", "Europe/Paris"}, {"Nice", "Europe/Paris"},
	{"Luxembourg", "Europe/Luxembourg"}, {"Monaco", "Europe/Monaco"},
	{"New York", "America/New_York"}, {"Boston", "America/New_York"}, {"Miami", "America/New_York"},
	{"Toronto", "America/Toronto"}, {"Montréal", "America/Toronto"}, {"Québec", "America/Toronto"},
	{"Chicago", "America/Chicago"}, {"Houston", "America/Chicago"}, {"Mexico City", "America/Mexico_City"},
	{"Denver", "America/Denver"}, {"Phoenix", "America/Phoenix"}, {"Los Angeles", "America/Los_Angeles"},
	{"San Francisco", "America/Los_Angeles"}, {"Seattle", "America/Los_Angeles"}, {"Vancouver", "America/Vancouver"},
	{"Anchorage", "America/Anchorage"}, {"Honolulu", "Pacific/Honolulu"}, {"São Paulo", "America/Sao_Paulo"},
	{"Buenos Aires", "America/Argentina/Buenos_Aires"}, {"Santiago", "America/Santiago"}, {"Bogotá", "America/Bogota"},
	{"Lima", "America/Lima"}, {"Casablanca", "Africa/Casablanca"}, {"Algiers", "Africa/Algiers"},
	{"Tunis", "Africa/Tunis"}, {"Dakar", "Africa/Dakar"}, {"Abidjan", "Africa/Abidjan"},
	{"Lagos", "Africa/Lagos"}, {"Cairo", "Africa/Cairo"}, {"Nairobi", "Africa/Nairobi"},
	{"Johannesburg", "Africa/Johannesburg"}, {"Dubai", "Asia/Dubai"}, {"Tel Aviv", "Asia/Jerusalem"},
	{"Riyadh", "Asia/Riyadh"}, {"Tehran", "Asia/Tehran"}, {"Karachi", "Asia/Karachi"},
	{"Mumbai", "Asia/Kolkata"}, {"Delhi", "Asia/Kolkata"}, {"Bangalore", "Asia/Kolkata"},
	{"Kathmandu", "Asia/Kathmandu"}, {"Dhaka", "Asia/Dhaka"}, {"Bangkok", "Asia/Bangkok"},
	{"Jakarta", "Asia/Jakarta"}, {"Singapore", "Asia/Singapore"}, {"Kuala Lumpur", "Asia/Kuala_Lumpur"},
	{"Hong Kong", "Asia/Hong_Kong"}, {"Shanghai", "Asia/Shanghai"}, {"Beijing", "Asia/Shanghai"},
	{"Taipei", "Asia/Taipei"}, {"Manila", "Asia/Manila"}, {"Seoul", "Asia/Seoul"},
	{"Tokyo", "Asia/Tokyo"}, {"Perth", "Australia/Perth"}, {"Adelaide", "Australia/Adelaide"},
	{"Brisbane", "Australia/Brisbane"}, {"Sydney", "Australia/Sydney"}, {"Melbourne", "Australia/Melbourne"},
	{"Lord Howe Island", "Australia/Lord_Howe"}, {"Auckland", "Pacific/Auckland"}, {"Nouméa", "Pacific/Noumea"},
	{"Papeete", "Pacific/Tahiti"}, {"Réunion", "Indian/Reunion"}, {"Martinique", "America/Martinique"},
	{"Guadeloupe", "America/Guadeloupe"}, {"UTC", "UTC"},
	// Cities as Russian speakers write them.
	{"Москва", "Europe/Moscow"}, {"Санкт-Петербург", "Europe/Moscow"}, {"Казань", "Europe/Moscow"},
	{"Нижний Новгород", "Europe/Moscow"}, {"Ростов-на-Дону", "Europe/Moscow"}, {"Сочи", "Europe/Moscow"},
	{"Калининград", "Europe/Kaliningrad"}, {"Самара", "Europe/Samara"}, {"Волгоград", "Europe/Volgograd"},
	{"Екатеринбург", "Asia/Yekaterinburg"}, {"Челябинск", "Asia/Yekaterinburg"}, {"Уфа", "Asia/Yekaterinburg"},
	{"Пермь", "Asia/Yekaterinburg"}, {"Омск", "Asia/Omsk"}, {"Новосибирск", "Asia/Novosibirsk"},
	{"Красноярск", "Asia/Krasnoyarsk"}, {"Иркутск", "Asia/Irkutsk"}, {"Якутск", "Asia/Yakutsk"},
	{"Владивосток", "Asia/Vladivostok"}, {"Хабаровск", "Asia/Vladivostok"}, {"Магадан", "Asia/Magadan"},
	{"Петропавловск-Камчатский", "Asia/Kamchatka"}, {"Минск", "Europe/Minsk"}, {"Киев", "Europe/Kyiv"},
	{"Кишинёв", "Europe/Chisinau"}, {"Рига", "Europe/Riga"}, {"Вильнюс", "Europe/Vilnius"},
	{"Таллин", "Europe/Tallinn"}, {"Тбилиси", "Asia/Tbilisi"}, {"Ереван", "Asia/Yerevan"},
	{"Баку", "Asia/Baku"}, {"Алматы", "Asia/Almaty"}, {"Астана", "Asia/Almaty"},
	{"Ташкент", "Asia/Tashkent"}, {"Бишкек", "Asia/Bishkek"}, {"Душанбе", "Asia/Dushanbe"},
	{"Лондон", "Europe/London"}, {"Париж", "Europe/Paris"}, {"Берлин", "Europe/Berlin"},
	{"Прага", "Europe/Prague"}, {"Варшава", "Europe/Warsaw"}, {"Хельсинки", "Europe/Helsinki"},
	{"Стамбул", "Europe/Istanbul"}, {"Тель-Авив", "Asia/Jerusalem"}, {"Дубай", "Asia/Dubai"},
	{"Бангкок", "Asia/Bangkok"}, {"Бали", "Asia/Makassar"}, {"Нью-Йорк", "America/New_York"},
	{"Лос-Анджелес", "America/Los_Angeles"},
	// Cities French speakers write otherwise.
	{"Bruxelles", "Europe/Brussels"}, {"Genève", "Europe/Zurich"}, {"Londres", "Europe/London"},
	{"Lisbonne", "Europe/Lisbon"}, {"Varsovie", "Europe/Warsaw"}, {"Athènes", "Europe/Athens"},
	{"Moscou", "Europe/Moscow"}, {"Alger", "Africa/Algiers"}, {"Le Caire", "Africa/Cairo"},
	{"Pékin", "Asia/Shanghai"}, {"Bâle", "Europe/Zurich"},
}

// zoneLabel names a zone list entry for a button: "Paris (Europe/Paris)".
func zoneLabel(i int) string {
	e := zoneList[i]
	if e.city == e.zone {
		return e.city
	}
	return e.city + " (" + e.zone + ")"
}

// suggestedZones proposes likely zones from the language and the
// platform's locale (region part, e.g. "fr-CA").
func suggestedZones(lang, locale string) []int {
	region := ""
	if i := strings.IndexAny(locale, "-_"); i >= 0 {
		region = strings.ToUpper(locale[i+1:])
	}
	var cities []string
	switch {
	case region == "CA" && lang == "fr":
		cities = []string{"Montréal", "Paris", "Vancouver"}
	case region == "CA":
		cities = []string{"Toronto", "Vancouver", "London"}
	case region == "US":
		cities = []string{"New York", "Chicago", "Denver", "Los Angeles"}
	case region == "GB":
		cities = []string{"London", "Dublin", "Paris"}
	case region == "AU":
		cities = []string{"Sydney", "Brisbane", "Perth", "Lord Howe Island"}
	case region == "BE" && lang == "fr":
		cities = []string{"Bruxelles", "Paris", "Londres"}
	case region == "BE":
		cities = []string{"Brussels", "Paris", "London"}
	case region == "CH" && lang == "fr":
		cities = []string{"Genève", "Zurich", "Paris"}
	case region == "CH":
		cities = []string{"Zurich", "Paris", "London"}
	case lang == "fr":
		cities = []string{"Paris", "Bruxelles", "Montréal", "Réunion"}
	case lang == "ru":
		cities = []string{"Москва", "Санкт-Петербург", "Екатеринбург", "Новосибирск"}
	default:
		cities = []string{"London", "Paris", "New York", "Los Angeles"}
	}
	var out []int
	for _, c := range cities {
		for i, e := range zoneList {
			if e.city == c {
				out = append(out, i)
				break
			}
		}
	}
	return out
}

// searchZones finds up to 8 entries whose city or zone contains the typed
// text, ignoring case and accents.
func searchZones(q string) []int {
	q = fold(strings.TrimSpace(q))
	if len(q) < 2 {
		return nil
	}
	var out []int
	seen := map[string]bool{}
	for i, e := range zoneList {
		if seen[e.city+e.zone] {
			continue
		}
		if strings.Contains(fold(e.city), q) || strings.Contains(fold(strings.ReplaceAll(e.zone, "_", " ")), q) {
			out = append(out, i)
			seen[e.city+e.zone] = true
			if len(out) == 8 {
				break
			}
		}
	}
	return out
}

// fold lower-cases and strips the accents of Latin letters (and the
// diaeresis of Cyrillic ё, often written е) for search.
func fold(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch r {
		case 'à', 'á', 'â', 'ã', 'ä', 'å':
			r = 'a'
		case 'ç':
			r = 'c'
		case 'è', 'é', 'ê', 'ë':
			r = 'e'
		case 'ì', 'í', 'î', 'ï':
			r = 'i'
		case 'ñ':
			r = 'n'
		case 'ò', 'ó', 'ô', 'õ', 'ö':
			r = 'o'
		case 'ù', 'ú', 'û', 'ü':
			r = 'u'
		case 'ё':
			r = 'е'
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == ' ' || r == '/' {
			b.WriteRune(r)
		}
	}
	return b.String()
}
