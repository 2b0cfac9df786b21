/**
 * Place tables for location normalisation. Lines are `Name;alias,alias` (countries: `CODE;name,alias`;
 * cities: `Name;COUNTRY;REGION;alias,alias`). Aliases are matched after folding ("Zürich" -> "zurich").
 */

export const COUNTRIES = `
US;united states,united states of america,usa,us,u s,u s a,america
GB;united kingdom,uk,u k,great britain,britain,england,scotland,wales,northern ireland
CA;canada
DE;germany,deutschland
FR;france
NL;netherlands,the netherlands,holland
CH;switzerland,schweiz,suisse
AT;austria,osterreich
IE;ireland
ES;spain,espana
PT;portugal
IT;italy,italia
SE;sweden
NO;norway
DK;denmark
FI;finland
PL;poland,polska
CZ;czech republic,czechia
HU;hungary
RO;romania
GR;greece
BE;belgium
LU;luxembourg
IL;israel
IN;india
SG;singapore
JP;japan
KR;south korea,korea,republic of korea
CN;china
HK;hong kong
TW;taiwan
AU;australia
NZ;new zealand
BR;brazil,brasil
MX;mexico
AR;argentina
CO;colombia
CL;chile
PE;peru
UY;uruguay
CR;costa rica
ZA;south africa
NG;nigeria
KE;kenya
EG;egypt
AE;united arab emirates,uae
SA;saudi arabia
TR;turkey,turkiye
UA;ukraine
EE;estonia
LV;latvia
LT;lithuania
RS;serbia
BG;bulgaria
HR;croatia
PH;philippines
ID;indonesia
MY;malaysia
TH;thailand
VN;vietnam,viet nam
PK;pakistan
BD;bangladesh
`;

export const US_STATES = `
AL;alabama
AK;alaska
AZ;arizona
AR;arkansas
CA;california
CO;colorado
CT;connecticut
DE;delaware
DC;district of columbia,washington dc,washington d c,d c
FL;florida
GA;georgia
HI;hawaii
ID;idaho
IL;illinois
IN;indiana
IA;iowa
KS;kansas
KY;kentucky
LA;louisiana
ME;maine
MD;maryland
MA;massachusetts
MI;michigan
MN;minnesota
MS;mississippi
MO;missouri
MT;montana
NE;nebraska
NV;nevada
NH;new hampshire
NJ;new jersey
NM;new mexico
NY;new york,new york state
NC;north carolina
ND;north dakota
OH;ohio
OK;oklahoma
OR;oregon
PA;pennsylvania
RI;rhode island
SC;south carolina
SD;south dakota
TN;tennessee
TX;texas
UT;utah
VT;vermont
VA;virginia
WA;washington,washington state
WV;west virginia
WI;wisconsin
WY;wyoming
`;

export const CA_PROVINCES = `
AB;alberta
BC;british columbia
MB;manitoba
NB;new brunswick
NL;newfoundland and labrador,newfoundland
NS;nova scotia
ON;ontario
PE;prince edward island
QC;quebec
SK;saskatchewan
`;

/** Broad regions that are not countries: kept as the region, with no country. */
export const REGIONS = `
EMEA;emea
APAC;apac,asia pacific
LATAM;latam,latin america
Europe;europe,eu,european union
North America;north america,americas,amer
Asia;asia
`;

export const CITIES = `
San Francisco;US;CA;sf,san fran,san francisco bay area,sf bay area,bay area
New York;US;NY;nyc,new york city,manhattan,brooklyn,nyc metro
Seattle;US;WA;greater seattle,sea
Austin;US;TX
Boston;US;MA
Chicago;US;IL;chi
Los Angeles;US;CA;la
Denver;US;CO
Boulder;US;CO
Atlanta;US;GA
Miami;US;FL
Washington;US;DC;washington dc,washington d c,dc
San Jose;US;CA
Palo Alto;US;CA
Mountain View;US;CA
Menlo Park;US;CA
Sunnyvale;US;CA
Redwood City;US;CA
San Mateo;US;CA
Oakland;US;CA
San Diego;US;CA
Irvine;US;CA
Santa Monica;US;CA
Sacramento;US;CA
Portland;US;OR
Philadelphia;US;PA
Pittsburgh;US;PA
Dallas;US;TX
Houston;US;TX
Plano;US;TX
Phoenix;US;AZ
Scottsdale;US;AZ
Tempe;US;AZ
Salt Lake City;US;UT
Lehi;US;UT
Minneapolis;US;MN
Detroit;US;MI
Raleigh;US;NC
Durham;US;NC
Charlotte;US;NC
Nashville;US;TN
Columbus;US;OH
Cincinnati;US;OH
Cleveland;US;OH
Indianapolis;US;IN
Bellevue;US;WA
Redmond;US;WA
Kirkland;US;WA
Jersey City;US;NJ
Hoboken;US;NJ
St Louis;US;MO;saint louis,st. louis
Kansas City;US;MO
Baltimore;US;MD
Arlington;US;VA
Reston;US;VA
Mclean;US;VA
Tampa;US;FL
Orlando;US;FL
Las Vegas;US;NV
Milwaukee;US;WI
New Orleans;US;LA
Honolulu;US;HI
London;GB;;greater london
Manchester;GB;
Edinburgh;GB;
Bristol;GB;
Leeds;GB;
Dublin;IE;
Berlin;DE;
Munich;DE;;munchen
Hamburg;DE;
Frankfurt;DE;;frankfurt am main
Cologne;DE;;koln
Paris;FR;
Lyon;FR;
Amsterdam;NL;
Rotterdam;NL;
Zurich;CH;
Geneva;CH;;geneve,genf
Basel;CH;
Vienna;AT;;wien
Stockholm;SE;
Copenhagen;DK;;kobenhavn
Oslo;NO;
Helsinki;FI;
Madrid;ES;
Barcelona;ES;
Lisbon;PT;;lisboa
Porto;PT;
Milan;IT;;milano
Rome;IT;;roma
Warsaw;PL;;warszawa
Krakow;PL;
Prague;CZ;;praha
Budapest;HU;
Bucharest;RO;
Athens;GR;
Brussels;BE;;bruxelles
Tallinn;EE;
Kyiv;UA;;kiev
Tel Aviv;IL;;tel aviv yafo,tel aviv jaffa
Toronto;CA;ON;greater toronto area,gta
Vancouver;CA;BC
Montreal;CA;QC
Ottawa;CA;ON
Calgary;CA;AB
Waterloo;CA;ON
Mexico City;MX;;ciudad de mexico,cdmx
Sao Paulo;BR;
Buenos Aires;AR;
Bogota;CO;
Santiago;CL;
Bangalore;IN;;bengaluru
Hyderabad;IN;
Pune;IN;
Mumbai;IN;;bombay
New Delhi;IN;;delhi,delhi ncr,ncr
Gurgaon;IN;;gurugram
Noida;IN;
Chennai;IN;
Singapore;SG;
Tokyo;JP;
Seoul;KR;
Beijing;CN;
Shanghai;CN;
Shenzhen;CN;
Taipei;TW;
Sydney;AU;
Melbourne;AU;
Brisbane;AU;
Auckland;NZ;
Dubai;AE;
Cape Town;ZA;
Johannesburg;ZA;
Lagos;NG;
Nairobi;KE;
Manila;PH;
Jakarta;ID;
Kuala Lumpur;MY;
Bangkok;TH;
Ho Chi Minh City;VN;;saigon
Istanbul;TR;
`;
