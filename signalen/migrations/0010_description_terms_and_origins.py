"""The description check's words: Dutch and English terms, and every country's and region's
demonyms and adjectives, with the phrase rules switched on (signalen/description_check.py and
docs/privacy.md say how they are used). The earlier standard list is replaced (its prefixes such
as "turk*" also found "turkoois"); terms an administrator added stay. This file holds the only
copy of the standard words: the administrator extends them in the admin."""

from django.db import migrations, models

RULES = ["word", "person", "looking", "type", "plate", "noun", "compound", "spelling"]

# The earlier standard terms (0002) that are no longer standard.
EARLIER = [
    ('nl', 'uiterlijk'),
    ('nl', 'eruitziend'),
    ('nl', 'ziet eruit als'),
    ('nl', 'buitenlands'),
    ('nl', 'buitenlander*'),
    ('nl', 'huidskleur'),
    ('nl', 'getint*'),
    ('nl', 'donker getint*'),
    ('nl', 'kleurling*'),
    ('nl', 'zwarte man'),
    ('nl', 'zwarte jongen*'),
    ('nl', 'zwarte vrouw'),
    ('nl', 'blanke man'),
    ('nl', 'marokka*'),
    ('nl', 'turk*'),
    ('nl', 'antilliaan*'),
    ('nl', 'surinamer*'),
    ('nl', 'poolse'),
    ('nl', 'polen'),
    ('nl', 'roemeen*'),
    ('nl', 'bulgaar*'),
    ('nl', 'oost-europe*'),
    ('nl', 'afrikaan*'),
    ('nl', 'allochto*'),
    ('nl', 'etnisch*'),
    ('nl', 'roma'),
    ('nl', 'zigeuner*'),
    ('nl', 'woonwagenbewoner*'),
    ('nl', 'arabier*'),
    ('nl', 'aziaat*'),
    ('nl', 'moslim*'),
    ('nl', 'islam*'),
    ('nl', 'joods*'),
    ('nl', 'hoofddoek*'),
    ('nl', 'boerka*'),
    ('nl', 'dement*'),
    ('nl', 'alzheimer*'),
    ('nl', 'psychisch*'),
    ('nl', 'psychotisch*'),
    ('nl', 'gestoord*'),
    ('nl', 'schizo*'),
    ('nl', 'verslaafd*'),
    ('nl', 'alcoholist*'),
    ('nl', 'depressie*'),
    ('nl', 'depressief'),
    ('en', 'appearance'),
    ('en', 'looks like'),
    ('en', 'foreign-looking'),
    ('en', 'foreigner*'),
    ('en', 'skin colour'),
    ('en', 'skin color'),
    ('en', 'dark-skinned'),
    ('en', 'black man'),
    ('en', 'black guy*'),
    ('en', 'coloured'),
    ('en', 'moroccan*'),
    ('en', 'turkish'),
    ('en', 'eastern europe*'),
    ('en', 'african*'),
    ('en', 'ethnic*'),
    ('en', 'gypsy'),
    ('en', 'gypsies'),
    ('en', 'immigrant*'),
    ('en', 'muslim*'),
    ('en', 'islam*'),
    ('en', 'jewish'),
    ('en', 'headscarf'),
    ('en', 'dementia'),
    ('en', 'demented'),
    ('en', 'psychotic'),
    ('en', 'crazy'),
    ('en', 'insane'),
    ('en', 'addict*'),
    ('en', 'alcoholic'),
    ('en', 'depressed'),
]

# language;kind;usage;term. Usage: word (asks wherever written), person_noun (a word for people
# and things alike: asks about people), qualifier (a colour or origin word: asks when it
# describes a person), looks (asks in "ziet er … uit" and "… uitziend").
TERMS = """
language;kind;usage;term
nl;appearance;word;uiterlijk
nl;appearance;word;eruitziend
nl;appearance;word;zien eruit als
nl;appearance;word;uit alsof
nl;appearance;word;eruit alsof
nl;appearance;word;niet van hier
nl;appearance;word;nie van hier
nl;appearance;word;mediterraan uiterlijk
nl;appearance;looks;louche
nl;appearance;looks;verdacht
nl;appearance;looks;vreemd
nl;appearance;looks;eng
nl;appearance;looks;raar
nl;appearance;qualifier;zuidelijk
nl;appearance;qualifier;mediterraan
nl;appearance;qualifier;exotisch
nl;appearance;qualifier;oosters
nl;appearance;qualifier;westers
nl;appearance;qualifier;niet-westers
nl;appearance;qualifier;uitheems
nl;skin_colour;word;huidskleur
nl;skin_colour;word;huidkleur
nl;skin_colour;word;donkerhuidig
nl;skin_colour;word;lichthuidig
nl;skin_colour;word;kleurling
nl;skin_colour;word;negroïde
nl;skin_colour;word;neger
nl;skin_colour;word;zwartje
nl;skin_colour;word;mulat
nl;skin_colour;word;halfbloed
nl;skin_colour;word;blanken
nl;skin_colour;word;zwarten
nl;skin_colour;word;spleetoog
nl;skin_colour;word;lichtgetint
nl;skin_colour;word;donkergetint
nl;skin_colour;word;bruingetint
nl;skin_colour;qualifier;zwart
nl;skin_colour;qualifier;donker
nl;skin_colour;qualifier;bruin
nl;skin_colour;qualifier;blank
nl;skin_colour;qualifier;wit
nl;skin_colour;qualifier;getint
nl;skin_colour;qualifier;gekleurd
nl;skin_colour;qualifier;geel
nl;nationality;word;kaaskop
nl;nationality;word;mof
nl;nationality;word;polak
nl;nationality;word;oostblok*
nl;ethnicity;word;allochtoon
nl;ethnicity;word;allochtone
nl;ethnicity;word;allochtonen
nl;ethnicity;word;autochtoon
nl;ethnicity;word;autochtone
nl;ethnicity;word;autochtonen
nl;ethnicity;word;etnisch
nl;ethnicity;word;etnische
nl;ethnicity;word;niet westers
nl;ethnicity;person_noun;roma
nl;ethnicity;word;sinti
nl;ethnicity;word;migratieachtergrond
nl;ethnicity;word;migratie-achtergrond
nl;ethnicity;word;afkomst
nl;ethnicity;word;indo
nl;ethnicity;word;latino
nl;ethnicity;word;zigeuner
nl;ethnicity;word;zigeunerin
nl;ethnicity;word;woonwagenbewoner
nl;ethnicity;word;woonwagenvolk
nl;ethnicity;word;woonwagentype
nl;ethnicity;word;kampbewoner
nl;religion;word;moslim
nl;religion;word;moslima
nl;religion;word;islamitisch
nl;religion;word;islamiet
nl;religion;word;joods
nl;religion;word;jood
nl;religion;word;joden
nl;religion;word;hoofddoek
nl;religion;word;boerka
nl;religion;word;burka
nl;religion;word;nikab
nl;religion;word;niqab
nl;religion;word;hijab
nl;religion;word;keppel
nl;religion;word;keppeltje
nl;religion;word;tulband
nl;religion;word;sikh
nl;religion;word;djellaba
nl;religion;word;gesluierd
nl;religion;word;sluier
nl;religion;word;salafist
nl;religion;word;hindoe
nl;diagnosis;word;dement
nl;diagnosis;word;dementie
nl;diagnosis;word;dementerend
nl;diagnosis;word;alzheimer
nl;diagnosis;word;parkinson
nl;diagnosis;word;korsakov
nl;diagnosis;word;psychisch
nl;diagnosis;word;psychiatrisch
nl;diagnosis;word;psychose
nl;diagnosis;word;psychotisch
nl;diagnosis;word;paranoïde
nl;diagnosis;word;paranoia
nl;diagnosis;word;schizofreen
nl;diagnosis;word;schizofrenie
nl;diagnosis;word;schizo
nl;diagnosis;word;gestoord
nl;diagnosis;word;stoornis
nl;diagnosis;word;persoonlijkheidsstoornis
nl;diagnosis;word;verslaafd
nl;diagnosis;word;drugsverslaafd
nl;diagnosis;word;alcoholverslaafd
nl;diagnosis;word;verslaving
nl;diagnosis;word;alcoholist
nl;diagnosis;word;zuip*
nl;diagnosis;word;drankprobleem
nl;diagnosis;word;aan de drank
nl;diagnosis;word;junk
nl;diagnosis;word;junkie
nl;diagnosis;word;depressie
nl;diagnosis;word;depressief
nl;diagnosis;word;burn-out
nl;diagnosis;word;manisch
nl;diagnosis;word;bipolair
nl;diagnosis;word;borderline
nl;diagnosis;word;adhd
nl;diagnosis;word;autistisch
nl;diagnosis;word;autisme
nl;diagnosis;word;anorexia
nl;diagnosis;word;smetvrees
nl;diagnosis;word;seniel
nl;diagnosis;word;zwakbegaafd
nl;diagnosis;word;verstandelijk beperkt
nl;diagnosis;word;suïcidaal
nl;diagnosis;word;kierewiet
nl;diagnosis;word;gek geworden
nl;diagnosis;word;niet goed bij haar hoofd
nl;diagnosis;word;niet goed bij zijn hoofd
nl;diagnosis;word;niet goed bij z'n hoofd
nl;diagnosis;word;psychiatrisch patiënt
nl;diagnosis;word;lijdt aan
nl;diagnosis;word;lijden aan
en;appearance;word;appearance
en;appearance;word;look like
en;appearance;word;foreign-looking
en;appearance;word;not from here
en;appearance;word;out of place
en;appearance;looks;dodgy
en;appearance;looks;shady
en;appearance;looks;suspicious
en;appearance;looks;sketchy
en;appearance;looks;strange
en;appearance;qualifier;exotic
en;appearance;qualifier;southern
en;appearance;qualifier;mediterranean
en;appearance;qualifier;non-western
en;skin_colour;word;skin colour
en;skin_colour;word;skin color
en;skin_colour;word;complexion
en;skin_colour;word;skinned
en;skin_colour;word;coloured
en;skin_colour;word;colored
en;skin_colour;word;mixed race
en;skin_colour;word;mixed-race
en;skin_colour;word;half-caste
en;skin_colour;word;negro
en;skin_colour;word;mulatto
en;skin_colour;qualifier;black
en;skin_colour;qualifier;white
en;skin_colour;qualifier;brown
en;skin_colour;qualifier;dark
en;skin_colour;qualifier;tanned
en;nationality;word;pikey
en;nationality;word;eastern bloc
en;ethnicity;word;ethnic
en;ethnicity;word;ethnicity
en;ethnicity;word;gypsy
en;ethnicity;word;gypsies
en;ethnicity;word;immigrant
en;ethnicity;person_noun;roma
en;ethnicity;word;latino
en;ethnicity;word;hispanic
en;ethnicity;word;migrant background
en;religion;word;muslim
en;religion;word;islamic
en;religion;word;jewish
en;religion;word;jew
en;religion;word;headscarf
en;religion;word;hijab
en;religion;word;burqa
en;religion;word;burka
en;religion;word;niqab
en;religion;word;kippah
en;religion;word;yarmulke
en;religion;word;turban
en;religion;word;sikh
en;diagnosis;word;dementia
en;diagnosis;word;demented
en;diagnosis;word;senile
en;diagnosis;word;alzheimer
en;diagnosis;word;mentally ill
en;diagnosis;word;mental illness
en;diagnosis;word;psychotic
en;diagnosis;word;psychosis
en;diagnosis;word;schizophrenic
en;diagnosis;word;bipolar
en;diagnosis;word;crazy
en;diagnosis;word;insane
en;diagnosis;word;addict
en;diagnosis;word;junkie
en;diagnosis;word;alcoholic
en;diagnosis;word;depressed
en;diagnosis;word;depression
en;diagnosis;word;suicidal
en;diagnosis;word;autistic
en;diagnosis;word;paranoid
en;diagnosis;word;anorexic
"""

# place;language;nouns;adjectives. A place is an ISO 3166-1 code or a region or people. Nouns
# ending in "?" are ordinary words too ("Pool?", "Let?") and ask only about people.
ORIGINS = """
place;language;nouns;adjectives
ad;nl;Andorrees|Andorrezen;Andorrees|Andorrese
ad;en;Andorran|Andorrans;Andorran
ae;nl;Emirati|Emirati's;Emiraats|Emiraatse|Emiratisch|Emiratische
ae;en;Emirati|Emiratis;Emirati|Emirian
af;nl;Afghaan|Afghanen;Afghaans|Afghaanse
af;en;Afghan?|Afghans?|Afghani|Afghanis;Afghan
ag;nl;Antiguaan|Antiguanen|Barbudaan|Barbudanen;Antiguaans|Antiguaanse|Barbudaans|Barbudaanse
ag;en;Antiguan|Antiguans|Barbudan|Barbudans;Antiguan|Barbudan
ai;nl;Anguillaan|Anguillanen;Anguillaans|Anguillaanse
ai;en;Anguillan|Anguillans;Anguillan
al;nl;Albanees|Albanezen|Albaniër|Albaniërs;Albanees|Albanese
al;en;Albanian|Albanians;Albanian
am;nl;Armeniër|Armeniërs|Armeen|Armenen;Armeens|Armeense|Armenisch|Armenische
am;en;Armenian|Armenians;Armenian
ao;nl;Angolees|Angolezen;Angolees|Angolese
ao;en;Angolan|Angolans;Angolan
ar;nl;Argentijn|Argentijnen;Argentijns|Argentijnse
ar;en;Argentine|Argentines|Argentinian|Argentinians|Argentinean|Argentineans;Argentine|Argentinian|Argentinean
as;nl;Amerikaans-Samoaan|Amerikaans-Samoanen;Amerikaans-Samoaans|Amerikaans-Samoaanse
as;en;American Samoan|American Samoans;American Samoan
at;nl;Oostenrijker|Oostenrijkers;Oostenrijks|Oostenrijkse
at;en;Austrian|Austrians;Austrian
au;nl;Australiër|Australiërs|Aussie|Aussies;Australisch|Australische
au;en;Australian|Australians|Aussie|Aussies;Australian|Aussie
aw;nl;Arubaan|Arubanen;Arubaans|Arubaanse
aw;en;Aruban|Arubans;Aruban
ax;nl;Ålander|Ålanders;Ålands|Ålandse
ax;en;Ålander|Ålanders|Åland Islander|Åland Islanders;Ålandic
az;nl;Azerbeidzjaan|Azerbeidzjanen|Azeri|Azeri's;Azerbeidzjaans|Azerbeidzjaanse|Azerisch|Azerische
az;en;Azerbaijani|Azerbaijanis|Azeri|Azeris;Azerbaijani|Azeri
ba;nl;Bosniër|Bosniërs|Bosniak|Bosniakken;Bosnisch|Bosnische
ba;en;Bosnian|Bosnians|Bosniak|Bosniaks|Herzegovinian|Herzegovinians;Bosnian|Bosniak|Herzegovinian
bb;nl;Barbadaan|Barbadanen|Barbadiaan|Barbadianen|Bajan|Bajans;Barbadaans|Barbadaanse|Barbadiaans|Barbadiaanse
bb;en;Barbadian|Barbadians|Bajan|Bajans;Barbadian|Bajan
bd;nl;Bengalees|Bengalezen|Bangladeshi|Bangladeshi's|Bengaal|Bengalen?;Bengalees|Bengalese|Bengaals|Bengaalse
bd;en;Bangladeshi|Bangladeshis|Bengali|Bengalis;Bangladeshi|Bengali
be;nl;Belg|Belgen;Belgisch|Belgische
be;en;Belgian|Belgians;Belgian
bf;nl;Burkinees|Burkinezen|Burkinabé;Burkinees|Burkinese
bf;en;Burkinabé|Burkinabe|Burkinabè;Burkinabé|Burkinabe
bg;nl;Bulgaar|Bulgaren;Bulgaars|Bulgaarse
bg;en;Bulgarian|Bulgarians;Bulgarian
bh;nl;Bahreiner|Bahreiners|Bahreini|Bahreini's;Bahreins|Bahreinse
bh;en;Bahraini|Bahrainis;Bahraini
bi;nl;Burundees|Burundezen|Burundiër|Burundiërs;Burundees|Burundese
bi;en;Burundian|Burundians;Burundian
bj;nl;Beniner|Beniners;Benins|Beninse
bj;en;Beninese;Beninese
bl;nl;Barthélemois|Barthélemoise;Barthélemois
bl;en;Barthélemois|Barthélemoise;Barthélemois
bm;nl;Bermudaan|Bermudanen;Bermudaans|Bermudaanse
bm;en;Bermudian|Bermudians|Bermudan|Bermudans;Bermudian|Bermudan
bn;nl;Bruneier|Bruneiers;Bruneis|Bruneise
bn;en;Bruneian|Bruneians;Bruneian
bo;nl;Boliviaan|Bolivianen;Boliviaans|Boliviaanse
bo;en;Bolivian|Bolivians;Bolivian
bq;nl;Bonairiaan|Bonairianen|Sabaan|Sabanen|Statiaan|Statianen;Bonairiaans|Bonairiaanse|Sabaans|Sabaanse|Statiaans|Statiaanse
bq;en;Bonairean|Bonaireans|Bonairian|Bonairians|Saban|Sabans|Statian|Statians;Bonairean|Bonairian|Saban|Statian
br;nl;Braziliaan|Brazilianen;Braziliaans|Braziliaanse
br;en;Brazilian|Brazilians;Brazilian
bs;nl;Bahamaan|Bahamanen;Bahamaans|Bahamaanse
bs;en;Bahamian|Bahamians;Bahamian
bt;nl;Bhutaan|Bhutanen;Bhutaans|Bhutaanse
bt;en;Bhutanese;Bhutanese
bw;nl;Botswaan|Botswanen|Motswana|Batswana;Botswaans|Botswaanse
bw;en;Motswana|Batswana|Botswanan|Botswanans;Botswanan|Motswana|Batswana
by;nl;Belarus?|Belarussen|Wit-Rus|Wit-Russen|Wit-Russin;Belarussisch|Belarussische|Wit-Russisch|Wit-Russische
by;en;Belarusian|Belarusians|Belarussian|Belarussians|Byelorussian|Byelorussians|Belorussian|Belorussians;Belarusian|Belarussian|Byelorussian|Belorussian
bz;nl;Belizaan|Belizanen;Belizaans|Belizaanse
bz;en;Belizean|Belizeans;Belizean
ca;nl;Canadees|Canadezen;Canadees|Canadese
ca;en;Canadian|Canadians;Canadian
cc;nl;Cocoseilander|Cocoseilanders;
cc;en;Cocos Islander|Cocos Islanders;
cd;nl;Congolees|Congolezen;Congolees|Congolese
cd;en;Congolese;Congolese
cf;nl;Centraal-Afrikaan|Centraal-Afrikanen;Centraal-Afrikaans|Centraal-Afrikaanse
cf;en;Central African|Central Africans;Central African
cg;nl;Congolees|Congolezen;Congolees|Congolese
cg;en;Congolese;Congolese
ch;nl;Zwitser|Zwitsers;Zwitsers|Zwitserse
ch;en;Swiss;Swiss
ci;nl;Ivoriaan|Ivorianen;Ivoriaans|Ivoriaanse
ci;en;Ivorian|Ivorians;Ivorian
ck;nl;Cookeilander|Cookeilanders;
ck;en;Cook Islander|Cook Islanders;
cl;nl;Chileen|Chilenen;Chileens|Chileense
cl;en;Chilean|Chileans;Chilean
cm;nl;Kameroener|Kameroeners;Kameroens|Kameroense
cm;en;Cameroonian|Cameroonians;Cameroonian
cn;nl;Chinees?|Chinezen;Chinees|Chinese
cn;en;Chinese;Chinese
co;nl;Colombiaan|Colombianen;Colombiaans|Colombiaanse
co;en;Colombian|Colombians;Colombian
cr;nl;Costa Ricaan|Costa Ricanen|Costaricaan|Costaricanen;Costa Ricaans|Costa Ricaanse|Costaricaans|Costaricaanse
cr;en;Costa Rican|Costa Ricans;Costa Rican
cu;nl;Cubaan|Cubanen;Cubaans|Cubaanse
cu;en;Cuban|Cubans;Cuban
cv;nl;Kaapverdiaan|Kaapverdianen;Kaapverdisch|Kaapverdische|Kaapverdiaans|Kaapverdiaanse
cv;en;Cape Verdean|Cape Verdeans|Cabo Verdean|Cabo Verdeans;Cape Verdean|Cabo Verdean
cw;nl;Curaçaoënaar|Curaçaoënaars|Curaçaoër|Curaçaoërs;Curaçaos|Curaçaose
cw;en;Curaçaoan|Curaçaoans;Curaçaoan
cx;nl;Christmaseilander|Christmaseilanders;
cx;en;Christmas Islander|Christmas Islanders;
cy;nl;Cyprioot|Cyprioten;Cypriotisch|Cypriotische|Cyprisch|Cyprische
cy;en;Cypriot|Cypriots;Cypriot
cz;nl;Tsjech|Tsjechen;Tsjechisch|Tsjechische
cz;en;Czech|Czechs;Czech
de;nl;Duitser|Duitsers;Duits|Duitse
de;en;German|Germans;German
dj;nl;Djiboutiaan|Djiboutianen|Djiboutiër|Djiboutiërs;Djiboutiaans|Djiboutiaanse|Djiboutisch|Djiboutische
dj;en;Djiboutian|Djiboutians;Djiboutian
dk;nl;Deen|Denen;Deens|Deense
dk;en;Dane|Danes;Danish
dm;nl;Dominicaan|Dominicanen;Dominicaans|Dominicaanse
dm;en;Dominican|Dominicans;Dominican
do;nl;Dominicaan|Dominicanen;Dominicaans|Dominicaanse
do;en;Dominican|Dominicans;Dominican
dz;nl;Algerijn|Algerijnen;Algerijns|Algerijnse
dz;en;Algerian|Algerians;Algerian
ec;nl;Ecuadoraan|Ecuadoranen|Ecuadoriaan|Ecuadorianen;Ecuadoraans|Ecuadoraanse|Ecuadoriaans|Ecuadoriaanse
ec;en;Ecuadorian|Ecuadorians|Ecuadorean|Ecuadoreans;Ecuadorian|Ecuadorean
ee;nl;Est|Esten|Estlander|Estlanders;Estisch|Estische|Estlands|Estlandse
ee;en;Estonian|Estonians;Estonian
eg;nl;Egyptenaar|Egyptenaren;Egyptisch|Egyptische
eg;en;Egyptian|Egyptians;Egyptian
eh;nl;Sahrawi|Sahrawi's|Saharawi|Saharawi's;Sahrawisch|Sahrawische
eh;en;Sahrawi|Sahrawis|Saharawi|Saharawis|Western Saharan|Western Saharans;Sahrawi|Saharawi|Western Saharan
er;nl;Eritreeër|Eritreeërs;Eritrees|Eritrese
er;en;Eritrean|Eritreans;Eritrean
es;nl;Spanjaard|Spanjaarden;Spaans|Spaanse
es;en;Spaniard|Spaniards|Spanish;Spanish
et;nl;Ethiopiër|Ethiopiërs;Ethiopisch|Ethiopische
et;en;Ethiopian|Ethiopians;Ethiopian
fi;nl;Fin|Finnen;Fins|Finse
fi;en;Finn?|Finns;Finnish
fj;nl;Fijiër|Fijiërs;Fijisch|Fijische
fj;en;Fijian|Fijians;Fijian
fk;nl;Falklander|Falklanders;
fk;en;Falkland Islander|Falkland Islanders|Falklander|Falklanders;
fm;nl;Micronesiër|Micronesiërs;Micronesisch|Micronesische
fm;en;Micronesian|Micronesians;Micronesian
fo;nl;Faeröerder|Faeröerders|Faeringer|Faeringers;Faeröers|Faeröerse
fo;en;Faroese|Faroe Islander|Faroe Islanders;Faroese
fr;nl;Fransman|Fransen|Française;Frans|Franse
fr;en;Frenchman|Frenchmen|Frenchwoman|Frenchwomen|French;French
ga;nl;Gabonees|Gabonezen;Gabonees|Gabonese
ga;en;Gabonese;Gabonese
gb;nl;Brit|Britten;Brits|Britse
gb;en;Brit|Brits|Briton|Britons|British;British
gd;nl;Grenadaan|Grenadanen|Grenadiaan|Grenadianen;Grenadaans|Grenadaanse|Grenadiaans|Grenadiaanse
gd;en;Grenadian|Grenadians;Grenadian
ge;nl;Georgiër|Georgiërs;Georgisch|Georgische
ge;en;Georgian?|Georgians?;Georgian?
gf;nl;Frans-Guyaan|Frans-Guyanen;Frans-Guyaans|Frans-Guyaanse
gf;en;French Guianese|French Guianan|French Guianans;French Guianese|French Guianan
gg;nl;Guernseyman|Guernseymen;
gg;en;Guernseyman|Guernseymen|Guernseywoman|Guernseywomen|Guernésiais;Guernsey?
gh;nl;Ghanees|Ghanezen;Ghanees|Ghanese
gh;en;Ghanaian|Ghanaians;Ghanaian
gi;nl;Gibraltarees|Gibraltarezen;Gibraltarees|Gibraltarese
gi;en;Gibraltarian|Gibraltarians|Llanito|Llanitos;Gibraltarian
gl;nl;Groenlander|Groenlanders;Groenlands|Groenlandse
gl;en;Greenlander|Greenlanders;Greenlandic
gm;nl;Gambiaan|Gambianen;Gambiaans|Gambiaanse
gm;en;Gambian|Gambians;Gambian
gn;nl;Guineeër|Guineeërs;Guinees|Guinese
gn;en;Guinean|Guineans;Guinean
gp;nl;Guadeloupeaan|Guadeloupeanen;Guadeloups|Guadeloupse
gp;en;Guadeloupean|Guadeloupeans|Guadeloupian|Guadeloupians;Guadeloupean|Guadeloupian
gq;nl;Equatoriaal-Guineeër|Equatoriaal-Guineeërs;Equatoriaal-Guinees|Equatoriaal-Guinese
gq;en;Equatorial Guinean|Equatorial Guineans|Equatoguinean|Equatoguineans;Equatorial Guinean|Equatoguinean
gr;nl;Griek?|Grieken;Grieks|Griekse
gr;en;Greek|Greeks;Greek
gt;nl;Guatemalteek|Guatemalteken;Guatemalteeks|Guatemalteekse
gt;en;Guatemalan|Guatemalans;Guatemalan
gu;nl;Guamees|Guamezen|Chamorro|Chamorro's;Guamees|Guamese
gu;en;Guamanian|Guamanians|Chamorro|Chamorros;Guamanian|Chamorro
gw;nl;Guinee-Bissauer|Guinee-Bissauers;Guinee-Bissaus|Guinee-Bissause
gw;en;Bissau-Guinean|Bissau-Guineans;Bissau-Guinean
gy;nl;Guyaan|Guyanen|Guyanees|Guyanezen;Guyaans|Guyaanse|Guyanees|Guyanese
gy;en;Guyanese;Guyanese
hk;nl;Hongkonger|Hongkongers;Hongkongs|Hongkongse
hk;en;Hongkonger|Hongkongers|Hong Konger|Hong Kongers|Hongkongese;Hongkongese
hn;nl;Hondurees|Hondurezen;Hondurees|Hondurese
hn;en;Honduran|Hondurans;Honduran
hr;nl;Kroaat|Kroaten;Kroatisch|Kroatische
hr;en;Croat|Croats|Croatian|Croatians;Croatian
ht;nl;Haïtiaan|Haïtianen;Haïtiaans|Haïtiaanse
ht;en;Haitian|Haitians;Haitian
hu;nl;Hongaar|Hongaren|Magyaar|Magyaren;Hongaars|Hongaarse
hu;en;Hungarian|Hungarians|Magyar|Magyars;Hungarian|Magyar
id;nl;Indonesiër|Indonesiërs;Indonesisch|Indonesische
id;en;Indonesian|Indonesians;Indonesian
ie;nl;Ier|Ieren;Iers|Ierse
ie;en;Irishman|Irishmen|Irishwoman|Irishwomen|Irish;Irish
il;nl;Israëliër|Israëliërs|Israëli|Israëli's;Israëlisch|Israëlische
il;en;Israeli|Israelis;Israeli
im;nl;Manxman|Manxmen;Manx?
im;en;Manxman|Manxmen|Manxwoman|Manxwomen;Manx?
in;nl;Indiër|Indiërs;Indiaas|Indiase
in;en;Indian|Indians;Indian
io;nl;Chagossiaan|Chagossianen;Chagossiaans|Chagossiaanse
io;en;Chagossian|Chagossians;Chagossian
iq;nl;Irakees|Irakezen|Iraki|Iraki's;Iraaks|Iraakse|Irakees|Irakese
iq;en;Iraqi|Iraqis;Iraqi
ir;nl;Iraniër|Iraniërs|Pers?|Perzen?;Iraans|Iraanse|Perzisch|Perzische
ir;en;Iranian|Iranians|Persian?|Persians?;Iranian|Persian?
is;nl;IJslander|IJslanders;IJslands|IJslandse
is;en;Icelander|Icelanders;Icelandic
it;nl;Italiaan?|Italianen;Italiaans|Italiaanse
it;en;Italian|Italians;Italian
je;nl;Jerseyman|Jerseymen;
je;en;Jerseyman|Jerseymen|Jerseywoman|Jerseywomen;Jersey?
jm;nl;Jamaicaan|Jamaicanen;Jamaicaans|Jamaicaanse
jm;en;Jamaican|Jamaicans;Jamaican
jo;nl;Jordaniër|Jordaniërs;Jordaans?|Jordaanse?
jo;en;Jordanian|Jordanians;Jordanian
jp;nl;Japanner?|Japanners;Japans|Japanse
jp;en;Japanese;Japanese
ke;nl;Keniaan|Kenianen;Keniaans|Keniaanse
ke;en;Kenyan|Kenyans;Kenyan
kg;nl;Kirgies|Kirgiezen|Kirgiziër|Kirgiziërs;Kirgizisch|Kirgizische|Kirgiezisch|Kirgiezische
kg;en;Kyrgyz|Kyrgyzstani|Kyrgyzstanis|Kirghiz;Kyrgyz|Kyrgyzstani|Kirghiz
kh;nl;Cambodjaan|Cambodjanen;Cambodjaans|Cambodjaanse
kh;en;Cambodian|Cambodians|Khmer;Cambodian|Khmer
ki;nl;Kiribatiër|Kiribatiërs|I-Kiribati;Kiribatisch|Kiribatische
ki;en;I-Kiribati|Kiribatian|Kiribatians;I-Kiribati|Kiribatian
km;nl;Comoriaan|Comorianen|Comorees|Comorezen;Comoriaans|Comoriaanse|Comorees|Comorese
km;en;Comorian|Comorians|Comoran|Comorans;Comorian|Comoran
kn;nl;Kittitiaan|Kittitianen|Nevisiaan|Nevisianen;Kittitiaans|Kittitiaanse|Nevisiaans|Nevisiaanse
kn;en;Kittitian|Kittitians|Nevisian|Nevisians;Kittitian|Nevisian
kp;nl;Noord-Koreaan|Noord-Koreanen;Noord-Koreaans|Noord-Koreaanse
kp;en;North Korean|North Koreans;North Korean
kr;nl;Zuid-Koreaan|Zuid-Koreanen;Zuid-Koreaans|Zuid-Koreaanse
kr;en;South Korean|South Koreans;South Korean
kw;nl;Koeweiti|Koeweiti's|Koeweiter|Koeweiters;Koeweits|Koeweitse
kw;en;Kuwaiti|Kuwaitis;Kuwaiti
ky;nl;Kaaimaneilander|Kaaimaneilanders;
ky;en;Caymanian|Caymanians|Cayman Islander|Cayman Islanders;Caymanian
kz;nl;Kazach|Kazachen|Kazachstaner|Kazachstaners;Kazachs|Kazachse|Kazachstaans|Kazachstaanse
kz;en;Kazakh|Kazakhs|Kazakhstani|Kazakhstanis|Kazak|Kazaks;Kazakh|Kazakhstani|Kazak
la;nl;Laotiaan|Laotianen|Lao;Laotiaans|Laotiaanse
la;en;Laotian|Laotians|Lao;Laotian|Lao
lb;nl;Libanees|Libanezen;Libanees|Libanese
lb;en;Lebanese;Lebanese
lc;nl;Saint Luciaan|Saint Lucianen|Sint-Luciaan|Sint-Lucianen;Saint Luciaans|Saint Luciaanse|Sint-Luciaans|Sint-Luciaanse
lc;en;Saint Lucian|Saint Lucians|St Lucian|St Lucians;Saint Lucian|St Lucian
li;nl;Liechtensteiner|Liechtensteiners;Liechtensteins|Liechtensteinse
li;en;Liechtensteiner|Liechtensteiners;Liechtensteiner
lk;nl;Sri Lankaan|Sri Lankanen|Srilankaan|Srilankanen;Sri Lankaans|Sri Lankaanse|Srilankaans|Srilankaanse
lk;en;Sri Lankan|Sri Lankans;Sri Lankan
lr;nl;Liberiaan|Liberianen;Liberiaans|Liberiaanse
lr;en;Liberian|Liberians;Liberian
ls;nl;Lesothaan|Lesothanen|Mosotho|Basotho;Lesothaans|Lesothaanse
ls;en;Mosotho|Basotho|Lesothan|Lesothans;Basotho|Lesothan
lt;nl;Litouwer|Litouwers;Litouws|Litouwse
lt;en;Lithuanian|Lithuanians;Lithuanian
lu;nl;Luxemburger|Luxemburgers;Luxemburgs|Luxemburgse
lu;en;Luxembourger|Luxembourgers;Luxembourgish
lv;nl;Let?|Letten?|Letlander|Letlanders;Lets|Letse|Letlands|Letlandse
lv;en;Latvian|Latvians|Lett|Letts;Latvian|Lettish
ly;nl;Libiër|Libiërs;Libisch|Libische
ly;en;Libyan|Libyans;Libyan
ma;nl;Marokkaan|Marokkanen|Mocro|Mocro's;Marokkaans|Marokkaanse
ma;en;Moroccan|Moroccans|Mocro|Mocros;Moroccan
mc;nl;Monegask|Monegasken;Monegaskisch|Monegaskische
mc;en;Monegasque|Monegasques|Monacan|Monacans;Monegasque|Monacan
md;nl;Moldaviër|Moldaviërs;Moldavisch|Moldavische
md;en;Moldovan|Moldovans|Moldavian|Moldavians;Moldovan|Moldavian
me;nl;Montenegrijn|Montenegrijnen;Montenegrijns|Montenegrijnse
me;en;Montenegrin|Montenegrins;Montenegrin
mf;nl;Saint-Martiner|Saint-Martiners|Saint-Martinois;
mf;en;Saint-Martiner|Saint-Martiners|St Martiner|St Martiners|Saint-Martinois;Saint-Martinois
mg;nl;Malagassiër|Malagassiërs;Malagassisch|Malagassische
mg;en;Malagasy|Madagascan|Madagascans;Malagasy|Madagascan
mh;nl;Marshallees|Marshallezen|Marshalleilander|Marshalleilanders;Marshallees|Marshallese
mh;en;Marshallese|Marshall Islander|Marshall Islanders;Marshallese
mk;nl;Macedoniër|Macedoniërs|Noord-Macedoniër|Noord-Macedoniërs;Macedonisch|Macedonische|Noord-Macedonisch|Noord-Macedonische
mk;en;Macedonian|Macedonians|North Macedonian|North Macedonians;Macedonian|North Macedonian
ml;nl;Malinees|Malinezen|Maliër|Maliërs;Malinees|Malinese|Malisch|Malische
ml;en;Malian|Malians;Malian
mm;nl;Myanmarees|Myanmarezen|Birmaan|Birmanen|Birmees|Birmezen;Myanmarees|Myanmarese|Birmaans|Birmaanse|Birmees|Birmese
mm;en;Burmese|Myanmarese;Burmese|Myanmarese
mn;nl;Mongool?|Mongolen?|Mongoliër|Mongoliërs;Mongools?|Mongoolse?|Mongolisch|Mongolische
mn;en;Mongolian|Mongolians|Mongol?|Mongols?;Mongolian|Mongol?
mo;nl;Macaoër|Macaoërs|Macanees|Macanezen;Macaos|Macaose|Macanees|Macanese
mo;en;Macanese|Macaense;Macanese
mp;nl;Noord-Marianeneilander|Noord-Marianeneilanders|Chamorro|Chamorro's;
mp;en;Northern Mariana Islander|Northern Mariana Islanders|Chamorro|Chamorros;Northern Marianan|Chamorro
mq;nl;Martinikaan|Martinikanen;Martinikaans|Martinikaanse
mq;en;Martinican|Martinicans|Martiniquais;Martinican|Martiniquais
mr;nl;Mauritaniër|Mauritaniërs;Mauritaans|Mauritaanse
mr;en;Mauritanian|Mauritanians;Mauritanian
ms;nl;Montserratiaan|Montserratianen;Montserratiaans|Montserratiaanse
ms;en;Montserratian|Montserratians;Montserratian
mt;nl;Maltees|Maltezen|Maltezer?|Maltezers?;Maltees|Maltese
mt;en;Maltese?;Maltese?
mu;nl;Mauritiaan|Mauritianen;Mauritiaans|Mauritiaanse
mu;en;Mauritian|Mauritians;Mauritian
mv;nl;Maldiviër|Maldiviërs;Maldivisch|Maldivische
mv;en;Maldivian|Maldivians;Maldivian
mw;nl;Malawiër|Malawiërs;Malawisch|Malawische
mw;en;Malawian|Malawians;Malawian
mx;nl;Mexicaan|Mexicanen;Mexicaans|Mexicaanse
mx;en;Mexican|Mexicans;Mexican
my;nl;Maleisiër|Maleisiërs|Maleier|Maleiers;Maleisisch|Maleisische|Maleis|Maleise
my;en;Malaysian|Malaysians|Malay|Malays;Malaysian|Malay
mz;nl;Mozambikaan|Mozambikanen;Mozambikaans|Mozambikaanse
mz;en;Mozambican|Mozambicans;Mozambican
na;nl;Namibiër|Namibiërs;Namibisch|Namibische
na;en;Namibian|Namibians;Namibian
nc;nl;Nieuw-Caledoniër|Nieuw-Caledoniërs;Nieuw-Caledonisch|Nieuw-Caledonische
nc;en;New Caledonian|New Caledonians|Kanak|Kanaks;New Caledonian|Kanak
ne;nl;Nigerees|Nigerezen;Nigerees|Nigerese
ne;en;Nigerien|Nigeriens;Nigerien
nf;nl;Norfolkeilander|Norfolkeilanders;
nf;en;Norfolk Islander|Norfolk Islanders;
ng;nl;Nigeriaan|Nigerianen;Nigeriaans|Nigeriaanse
ng;en;Nigerian|Nigerians;Nigerian
ni;nl;Nicaraguaan|Nicaraguanen;Nicaraguaans|Nicaraguaanse
ni;en;Nicaraguan|Nicaraguans;Nicaraguan
nl;nl;Nederlander|Nederlanders;Nederlands|Nederlandse
nl;en;Dutchman|Dutchmen|Dutchwoman|Dutchwomen|Dutch|Netherlander|Netherlanders;Dutch
no;nl;Noor?|Noren?;Noors|Noorse
no;en;Norwegian|Norwegians;Norwegian
np;nl;Nepalees|Nepalezen|Nepali|Nepali's;Nepalees|Nepalese|Nepali
np;en;Nepali|Nepalis|Nepalese;Nepali|Nepalese
nr;nl;Nauruaan|Nauruanen;Nauruaans|Nauruaanse
nr;en;Nauruan|Nauruans;Nauruan
nu;nl;Niueaan|Niueanen;Niueaans|Niueaanse
nu;en;Niuean|Niueans;Niuean
nz;nl;Nieuw-Zeelander|Nieuw-Zeelanders;Nieuw-Zeelands|Nieuw-Zeelandse
nz;en;New Zealander|New Zealanders|Kiwi?|Kiwis?;Kiwi?
om;nl;Omaniet|Omanieten|Omani|Omani's;Omaans|Omaanse
om;en;Omani|Omanis;Omani
pa;nl;Panamees|Panamezen;Panamees|Panamese
pa;en;Panamanian|Panamanians;Panamanian
pe;nl;Peruaan|Peruanen;Peruaans|Peruaanse
pe;en;Peruvian|Peruvians;Peruvian
pf;nl;Frans-Polynesiër|Frans-Polynesiërs|Tahitiaan|Tahitianen;Frans-Polynesisch|Frans-Polynesische|Tahitiaans|Tahitiaanse
pf;en;French Polynesian|French Polynesians|Tahitian|Tahitians;French Polynesian|Tahitian
pg;nl;Papoea-Nieuw-Guineeër|Papoea-Nieuw-Guineeërs|Papoea|Papoea's;Papoea-Nieuw-Guinees|Papoea-Nieuw-Guinese
pg;en;Papua New Guinean|Papua New Guineans|Papuan|Papuans;Papua New Guinean|Papuan
ph;nl;Filipijn|Filipijnen|Filipino|Filipino's|Filipina|Filipina's;Filipijns|Filipijnse
ph;en;Filipino|Filipinos|Filipina|Filipinas;Filipino|Filipina|Philippine
pk;nl;Pakistaan|Pakistanen|Pakistani|Pakistani's;Pakistaans|Pakistaanse
pk;en;Pakistani|Pakistanis;Pakistani
pl;nl;Pool?|Polen?;Pools|Poolse
pl;en;Pole?|Poles?;Polish?
pm;nl;Saint-Pierrais|Miquelonnais;
pm;en;Saint-Pierrais|Miquelonnais;
pn;nl;Pitcairner|Pitcairners;
pn;en;Pitcairn Islander|Pitcairn Islanders|Pitcairner|Pitcairners;
pr;nl;Puerto Ricaan|Puerto Ricanen;Puerto Ricaans|Puerto Ricaanse
pr;en;Puerto Rican|Puerto Ricans;Puerto Rican
ps;nl;Palestijn|Palestijnen;Palestijns|Palestijnse
ps;en;Palestinian|Palestinians;Palestinian
pt;nl;Portugees|Portugezen;Portugees|Portugese
pt;en;Portuguese;Portuguese
pw;nl;Palauer|Palauers;Palaus|Palause
pw;en;Palauan|Palauans;Palauan
py;nl;Paraguayaan|Paraguayanen;Paraguayaans|Paraguayaanse
py;en;Paraguayan|Paraguayans;Paraguayan
qa;nl;Qatarees|Qatarezen|Qatari|Qatari's;Qatarees|Qatarese
qa;en;Qatari|Qataris;Qatari
re;nl;Réunionees|Réunionezen;Réunionees|Réunionese
re;en;Réunionese|Réunionnais;Réunionese|Réunionnais
ro;nl;Roemeen|Roemenen;Roemeens|Roemeense
ro;en;Romanian|Romanians|Roumanian|Roumanians|Rumanian|Rumanians;Romanian|Roumanian|Rumanian
rs;nl;Serviër|Serviërs;Servisch|Servische
rs;en;Serb|Serbs|Serbian|Serbians;Serbian|Serb
ru;nl;Rus|Russen|Russin;Russisch|Russische
ru;en;Russian|Russians;Russian
rw;nl;Rwandees|Rwandezen;Rwandees|Rwandese
rw;en;Rwandan|Rwandans|Rwandese;Rwandan|Rwandese
sa;nl;Saoediër|Saoediërs|Saoedi|Saoedi's|Saudiër|Saudiërs|Saudi|Saudi's;Saoedisch|Saoedische|Saoedi-Arabisch|Saoedi-Arabische|Saudisch|Saudische
sa;en;Saudi|Saudis|Saudi Arabian|Saudi Arabians;Saudi|Saudi Arabian
sb;nl;Salomonseilander|Salomonseilanders;
sb;en;Solomon Islander|Solomon Islanders;
sc;nl;Seychellois;Seychels|Seychelse
sc;en;Seychellois;Seychellois
sd;nl;Soedanees|Soedanezen|Sudanees|Sudanezen;Soedanees|Soedanese|Sudanees|Sudanese
sd;en;Sudanese;Sudanese
se;nl;Zweed|Zweden?;Zweeds|Zweedse
se;en;Swede?|Swedes?;Swedish
sg;nl;Singaporees|Singaporezen|Singaporaan|Singaporanen;Singaporees|Singaporese|Singaporaans|Singaporaanse
sg;en;Singaporean|Singaporeans;Singaporean
sh;nl;Sint-Helener|Sint-Heleners;
sh;en;Saint Helenian|Saint Helenians|St Helenian|St Helenians|Helenian|Helenians;Saint Helenian|St Helenian
si;nl;Sloveen|Slovenen;Sloveens|Sloveense
si;en;Slovene|Slovenes|Slovenian|Slovenians;Slovene|Slovenian
sk;nl;Slowaak|Slowaken;Slowaaks|Slowaakse
sk;en;Slovak|Slovaks|Slovakian|Slovakians;Slovak|Slovakian
sl;nl;Sierra Leoner|Sierra Leoners|Sierraleoner|Sierraleoners;Sierra Leoons|Sierra Leoonse|Sierraleoons|Sierraleoonse
sl;en;Sierra Leonean|Sierra Leoneans;Sierra Leonean
sm;nl;San Marinees|San Marinezen|Sanmarinees|Sanmarinezen;San Marinees|San Marinese|Sanmarinees|Sanmarinese
sm;en;Sammarinese|San Marinese;Sammarinese|San Marinese
sn;nl;Senegalees|Senegalezen;Senegalees|Senegalese
sn;en;Senegalese;Senegalese
so;nl;Somaliër|Somaliërs|Somali|Somali's;Somalisch|Somalische
so;en;Somali|Somalis|Somalian|Somalians;Somali|Somalian
sr;nl;Surinamer|Surinamers;Surinaams|Surinaamse
sr;en;Surinamese|Surinamer|Surinamers;Surinamese
ss;nl;Zuid-Soedanees|Zuid-Soedanezen;Zuid-Soedanees|Zuid-Soedanese
ss;en;South Sudanese;South Sudanese
st;nl;Santomeeër|Santomeeërs|Santomees|Santomezen;Santomees|Santomese
st;en;São Toméan|São Toméans|Santomean|Santomeans;São Toméan|Santomean
sv;nl;Salvadoraan|Salvadoranen;Salvadoraans|Salvadoraanse
sv;en;Salvadoran|Salvadorans|Salvadorian|Salvadorians|Salvadorean|Salvadoreans;Salvadoran|Salvadorian|Salvadorean
sx;nl;Sint-Maartener|Sint-Maarteners|Sint Maartener|Sint Maarteners;Sint-Maartens|Sint-Maartense
sx;en;Sint Maartener|Sint Maarteners|St Maartener|St Maarteners;
sy;nl;Syriër|Syriërs;Syrisch|Syrische
sy;en;Syrian|Syrians;Syrian
sz;nl;Swazi|Swazi's;Swazisch|Swazische
sz;en;Swazi|Swazis|Liswati|Emaswati;Swazi
tc;nl;Caicoseilander|Caicoseilanders;
tc;en;Turks and Caicos Islander|Turks and Caicos Islanders;
td;nl;Tsjadiër|Tsjadiërs;Tsjadisch|Tsjadische
td;en;Chadian|Chadians;Chadian
tg;nl;Togolees|Togolezen;Togolees|Togolese
tg;en;Togolese;Togolese
th;nl;Thai?|Thai's|Thailander|Thailanders;Thais|Thaise|Thailands|Thailandse
th;en;Thai?|Thais;Thai
tj;nl;Tadzjiek|Tadzjieken;Tadzjieks|Tadzjiekse
tj;en;Tajik|Tajiks|Tadjik|Tadjiks|Tajikistani|Tajikistanis;Tajik|Tajikistani
tk;nl;Tokelauer|Tokelauers;
tk;en;Tokelauan|Tokelauans;Tokelauan
tl;nl;Oost-Timorees|Oost-Timorezen|Timorees|Timorezen;Oost-Timorees|Oost-Timorese|Timorees|Timorese
tl;en;Timorese|East Timorese;Timorese|East Timorese
tm;nl;Turkmeen|Turkmenen;Turkmeens|Turkmeense
tm;en;Turkmen|Turkmens|Turkoman|Turkomans;Turkmen
tn;nl;Tunesiër|Tunesiërs;Tunesisch|Tunesische
tn;en;Tunisian|Tunisians;Tunisian
to;nl;Tongaan|Tonganen;Tongaans|Tongaanse
to;en;Tongan|Tongans;Tongan
tr;nl;Turk|Turken;Turks|Turkse
tr;en;Turk|Turks;Turkish
tt;nl;Trinidadiaan|Trinidadianen|Tobagoër|Tobagoërs|Trini|Trini's;Trinidadiaans|Trinidadiaanse
tt;en;Trinidadian|Trinidadians|Tobagonian|Tobagonians|Trini|Trinis;Trinidadian|Tobagonian
tv;nl;Tuvaluaan|Tuvaluanen;Tuvaluaans|Tuvaluaanse
tv;en;Tuvaluan|Tuvaluans;Tuvaluan
tw;nl;Taiwanees|Taiwanezen;Taiwanees|Taiwanese
tw;en;Taiwanese;Taiwanese
tz;nl;Tanzaniaan|Tanzanianen;Tanzaniaans|Tanzaniaanse
tz;en;Tanzanian|Tanzanians;Tanzanian
ua;nl;Oekraïner|Oekraïners;Oekraïens|Oekraïense
ua;en;Ukrainian|Ukrainians;Ukrainian
ug;nl;Oegandees|Oegandezen|Ugandees|Ugandezen;Oegandees|Oegandese|Ugandees|Ugandese
ug;en;Ugandan|Ugandans;Ugandan
us;nl;Amerikaan|Amerikanen;Amerikaans|Amerikaanse
us;en;American|Americans|Yank?|Yanks?|Yankee?|Yankees?;American
uy;nl;Uruguayaan|Uruguayanen;Uruguayaans|Uruguayaanse
uy;en;Uruguayan|Uruguayans;Uruguayan
uz;nl;Oezbeek|Oezbeken;Oezbeeks|Oezbeekse
uz;en;Uzbek|Uzbeks|Uzbekistani|Uzbekistanis;Uzbek|Uzbekistani
va;nl;;Vaticaans|Vaticaanse
va;en;;Vatican
vc;nl;Vincentiaan|Vincentianen;Vincentiaans|Vincentiaanse
vc;en;Vincentian|Vincentians|Saint Vincentian|Saint Vincentians;Vincentian|Saint Vincentian
ve;nl;Venezolaan|Venezolanen;Venezolaans|Venezolaanse
ve;en;Venezuelan|Venezuelans;Venezuelan
vg;nl;Maagdeneilander|Maagdeneilanders;
vg;en;British Virgin Islander|British Virgin Islanders|Virgin Islander|Virgin Islanders;
vi;nl;Maagdeneilander|Maagdeneilanders;
vi;en;Virgin Islander|Virgin Islanders|US Virgin Islander|US Virgin Islanders;
vn;nl;Vietnamees|Vietnamezen;Vietnamees|Vietnamese
vn;en;Vietnamese;Vietnamese
vu;nl;Vanuatuaan|Vanuatuanen|Ni-Vanuatu;Vanuatuaans|Vanuatuaanse
vu;en;Ni-Vanuatu|Vanuatuan|Vanuatuans;Ni-Vanuatu|Vanuatuan
wf;nl;Wallisiaan|Wallisianen|Futuniaan|Futunianen;Wallisiaans|Wallisiaanse|Futuniaans|Futuniaanse
wf;en;Wallisian|Wallisians|Futunan|Futunans|Wallis and Futuna Islander|Wallis and Futuna Islanders;Wallisian|Futunan
ws;nl;Samoaan|Samoanen;Samoaans|Samoaanse
ws;en;Samoan|Samoans;Samoan
xk;nl;Kosovaar|Kosovaren|Kosovo-Albanees|Kosovo-Albanezen;Kosovaars|Kosovaarse
xk;en;Kosovar|Kosovars|Kosovan|Kosovans|Kosovo Albanian|Kosovo Albanians;Kosovar|Kosovan
ye;nl;Jemeniet|Jemenieten;Jemenitisch|Jemenitische
ye;en;Yemeni|Yemenis|Yemenite|Yemenites;Yemeni|Yemenite
yt;nl;Mahorees|Mahorezen;Mahorees|Mahorese
yt;en;Mahoran|Mahorans|Mahorais;Mahoran|Mahorais
za;nl;Zuid-Afrikaan|Zuid-Afrikanen|Afrikaner|Afrikaners;Zuid-Afrikaans|Zuid-Afrikaanse
za;en;South African|South Africans|Afrikaner|Afrikaners;South African
zm;nl;Zambiaan|Zambianen;Zambiaans|Zambiaanse
zm;en;Zambian|Zambians;Zambian
zw;nl;Zimbabwaan|Zimbabwanen;Zimbabwaans|Zimbabwaanse
zw;en;Zimbabwean|Zimbabweans;Zimbabwean
region-europe;nl;Europeaan|Europeanen;Europees|Europese
region-europe;en;European|Europeans;European
region-eastern-europe;nl;Oost-Europeaan|Oost-Europeanen|Oostblokker|Oostblokkers;Oost-Europees|Oost-Europese
region-eastern-europe;en;Eastern European|Eastern Europeans|East European|East Europeans;Eastern European|East European
region-western-europe;nl;West-Europeaan|West-Europeanen;West-Europees|West-Europese
region-western-europe;en;Western European|Western Europeans|West European|West Europeans;Western European|West European
region-central-europe;nl;Midden-Europeaan|Midden-Europeanen|Centraal-Europeaan|Centraal-Europeanen;Midden-Europees|Midden-Europese|Centraal-Europees|Centraal-Europese
region-central-europe;en;Central European|Central Europeans;Central European
region-southern-europe;nl;Zuid-Europeaan|Zuid-Europeanen|Zuiderling|Zuiderlingen;Zuid-Europees|Zuid-Europese
region-southern-europe;en;Southern European|Southern Europeans|South European|South Europeans;Southern European|South European
region-northern-europe;nl;Noord-Europeaan|Noord-Europeanen;Noord-Europees|Noord-Europese
region-northern-europe;en;Northern European|Northern Europeans|North European|North Europeans;Northern European|North European
region-balkans;nl;Balkanbewoner|Balkanbewoners;Balkan|Balkanees|Balkanese
region-balkans;en;;Balkan
region-scandinavia;nl;Scandinaviër|Scandinaviërs;Scandinavisch|Scandinavische
region-scandinavia;en;Scandinavian|Scandinavians;Scandinavian
region-baltic;nl;Balt|Balten;Baltisch|Baltische
region-baltic;en;Balt|Balts;Baltic
region-iberia;nl;Iberiër|Iberiërs;Iberisch|Iberische
region-iberia;en;Iberian|Iberians;Iberian
region-mediterranean;nl;;Mediterraan|Mediterrane
region-mediterranean;en;;Mediterranean
region-sicily;nl;Siciliaan|Sicilianen;Siciliaans|Siciliaanse
region-sicily;en;Sicilian|Sicilians;Sicilian
region-sardinia;nl;Sardiniër|Sardiniërs;Sardijns|Sardijnse|Sardinisch|Sardinische
region-sardinia;en;Sardinian|Sardinians;Sardinian
region-corsica;nl;Corsicaan|Corsicanen;Corsicaans|Corsicaanse
region-corsica;en;Corsican|Corsicans;Corsican
region-basque;nl;Bask|Basken;Baskisch|Baskische
region-basque;en;Basque|Basques;Basque
region-catalonia;nl;Catalaan|Catalanen;Catalaans|Catalaanse
region-catalonia;en;Catalan|Catalans;Catalan|Catalonian
region-flanders;nl;Vlaming|Vlamingen;Vlaams|Vlaamse
region-flanders;en;Fleming|Flemings;Flemish
region-wallonia;nl;Waal?|Walen;Waals|Waalse
region-wallonia;en;Walloon|Walloons;Walloon
region-holland;nl;Hollander|Hollanders;Hollands|Hollandse
region-holland;en;Hollander|Hollanders;
region-frisia;nl;Fries?|Friezen?|Friezin;Fries?|Friese
region-frisia;en;Frisian|Frisians;Frisian
region-brabant;nl;Brabander|Brabanders;Brabants|Brabantse
region-brabant;en;Brabander|Brabanders|Brabantian|Brabantians;Brabantian
region-limburg;nl;Limburger?|Limburgers;Limburgs|Limburgse
region-limburg;en;Limburger?|Limburgers|Limburgian|Limburgians;Limburgish|Limburgian
region-zeeland;nl;Zeeuw?|Zeeuwen;Zeeuws|Zeeuwse
region-zeeland;en;Zeelander|Zeelanders;Zeelandic
region-groningen;nl;Groninger|Groningers;Gronings|Groningse
region-groningen;en;Groninger|Groningers;
region-drenthe;nl;Drent?|Drenten;Drents|Drentse
region-drenthe;en;Drent?|Drents;
region-twente;nl;Tukker|Tukkers|Twentenaar|Twentenaren;Twents|Twentse
region-twente;en;Tukker|Tukkers;
region-england;nl;Engelsman|Engelsen;Engels|Engelse
region-england;en;Englishman|Englishmen|Englishwoman|Englishwomen|English;English
region-scotland;nl;Schot?|Schotten?;Schots|Schotse
region-scotland;en;Scot?|Scots?|Scotsman|Scotsmen|Scotswoman|Scotswomen;Scottish|Scots?
region-wales;nl;Welshman|Welshmen;Welsh|Wels?
region-wales;en;Welshman|Welshmen|Welshwoman|Welshwomen|Welsh;Welsh
region-northern-ireland;nl;Noord-Ier|Noord-Ieren;Noord-Iers|Noord-Ierse
region-northern-ireland;en;Northern Irishman|Northern Irishmen|Northern Irishwoman|Northern Irishwomen|Northern Irish;Northern Irish
region-east-germany;nl;Oost-Duitser|Oost-Duitsers;Oost-Duits|Oost-Duitse
region-east-germany;en;East German|East Germans;East German
region-slavic;nl;Slaaf?|Slaven?;Slavisch|Slavische
region-slavic;en;Slav|Slavs;Slavic|Slavonic
region-yugoslavia;nl;Joegoslaaf|Joegoslaven;Joegoslavisch|Joegoslavische
region-yugoslavia;en;Yugoslav|Yugoslavs|Yugoslavian|Yugoslavians;Yugoslav|Yugoslavian
region-soviet;nl;Sovjetburger|Sovjetburgers;Sovjet
region-soviet;en;Soviet|Soviets;Soviet
region-chechnya;nl;Tsjetsjeen|Tsjetsjenen;Tsjetsjeens|Tsjetsjeense
region-chechnya;en;Chechen|Chechens;Chechen
region-dagestan;nl;Dagestaan|Dagestanen|Dagestaner|Dagestaners;Dagestaans|Dagestaanse
region-dagestan;en;Dagestani|Dagestanis;Dagestani
region-crimea;nl;Krim-Tataar|Krim-Tataren|Krimtataar|Krimtataren;Krim-Tataars|Krim-Tataarse
region-crimea;en;Crimean|Crimeans|Crimean Tatar|Crimean Tatars;Crimean
region-tatar;nl;Tataar|Tataren|Tartaar?|Tartaren?;Tataars|Tataarse
region-tatar;en;Tatar|Tatars|Tartar?|Tartars?;Tatar
region-roma;nl;Roma?|Sinti|Sinto;
region-roma;en;Roma?|Romani|Romanis|Romany|Romanies|Sinti|Sinto;Romani|Romany
region-sami;nl;Sami?|Samen?;Samisch|Samische
region-sami;en;Sami?|Saami;Sami?|Saami
region-inuit;nl;Inuk|Inuit|Eskimo|Eskimo's;Inuit
region-inuit;en;Inuk|Inuit|Eskimo|Eskimos;Inuit|Eskimo
region-africa;nl;Afrikaan|Afrikanen;Afrikaans|Afrikaanse
region-africa;en;African|Africans;African
region-north-africa;nl;Noord-Afrikaan|Noord-Afrikanen;Noord-Afrikaans|Noord-Afrikaanse
region-north-africa;en;North African|North Africans;North African
region-maghreb;nl;Maghrebijn|Maghrebijnen;Maghrebijns|Maghrebijnse
region-maghreb;en;Maghrebi|Maghrebis|Maghrebian|Maghrebians;Maghrebi|Maghrebian
region-west-africa;nl;West-Afrikaan|West-Afrikanen;West-Afrikaans|West-Afrikaanse
region-west-africa;en;West African|West Africans;West African
region-east-africa;nl;Oost-Afrikaan|Oost-Afrikanen;Oost-Afrikaans|Oost-Afrikaanse
region-east-africa;en;East African|East Africans;East African
region-sub-saharan-africa;nl;;Sub-Saharaans|Sub-Saharaanse
region-sub-saharan-africa;en;;Sub-Saharan
region-berber;nl;Berber?|Berbers?|Amazigh|Imazighen|Riffijn|Riffijnen|Kabyliër|Kabyliërs;Berbers?|Berberse|Amazigh|Riffijns|Riffijnse|Kabylisch|Kabylische
region-berber;en;Berber?|Berbers?|Amazigh|Imazighen|Riffian|Riffians|Kabyle|Kabyles;Berber?|Amazigh|Riffian|Kabyle
region-tuareg;nl;Toeareg|Toearegs;
region-tuareg;en;Tuareg|Tuaregs;Tuareg
region-bedouin;nl;Bedoeïen|Bedoeïenen;Bedoeïens|Bedoeïense
region-bedouin;en;Bedouin|Bedouins;Bedouin
region-arab;nl;Arabier|Arabieren;Arabisch|Arabische
region-arab;en;Arab|Arabs|Arabian?|Arabians?;Arab|Arabian?|Arabic?
region-middle-east;nl;Midden-Oosterling|Midden-Oosterlingen;Midden-Oosters|Midden-Oosterse
region-middle-east;en;Middle Easterner|Middle Easterners;Middle Eastern
region-levant;nl;Levantijn?|Levantijnen?;Levantijns?|Levantijnse?
region-levant;en;Levantine|Levantines;Levantine
region-orient;nl;Oosterling|Oosterlingen;Oosters|Oosterse
region-orient;en;Oriental?|Orientals?;Oriental?
region-kurdistan;nl;Koerd|Koerden;Koerdisch|Koerdische
region-kurdistan;en;Kurd|Kurds;Kurdish
region-aramean;nl;Arameeër|Arameeërs|Assyriër|Assyriërs|Suryoyo|Suryoye;Aramees|Aramese|Assyrisch|Assyrische
region-aramean;en;Aramean|Arameans|Assyrian|Assyrians;Aramean|Assyrian
region-asia;nl;Aziaat|Aziaten;Aziatisch|Aziatische
region-asia;en;Asian|Asians;Asian|Asiatic
region-east-asia;nl;Oost-Aziaat|Oost-Aziaten;Oost-Aziatisch|Oost-Aziatische
region-east-asia;en;East Asian|East Asians;East Asian
region-south-asia;nl;Zuid-Aziaat|Zuid-Aziaten;Zuid-Aziatisch|Zuid-Aziatische
region-south-asia;en;South Asian|South Asians;South Asian
region-southeast-asia;nl;Zuidoost-Aziaat|Zuidoost-Aziaten;Zuidoost-Aziatisch|Zuidoost-Aziatische
region-southeast-asia;en;Southeast Asian|Southeast Asians|South-East Asian|South-East Asians;Southeast Asian|South-East Asian
region-central-asia;nl;Centraal-Aziaat|Centraal-Aziaten;Centraal-Aziatisch|Centraal-Aziatische
region-central-asia;en;Central Asian|Central Asians;Central Asian
region-korea;nl;Koreaan|Koreanen;Koreaans|Koreaanse
region-korea;en;Korean|Koreans;Korean
region-tibet;nl;Tibetaan|Tibetanen;Tibetaans|Tibetaanse
region-tibet;en;Tibetan|Tibetans;Tibetan
region-uyghur;nl;Oeigoer|Oeigoeren;Oeigoers|Oeigoerse
region-uyghur;en;Uyghur|Uyghurs|Uighur|Uighurs;Uyghur|Uighur
region-tamil;nl;Tamil|Tamils;Tamil
region-tamil;en;Tamil|Tamils;Tamil
region-pashtun;nl;Pasjtoen|Pasjtoenen|Pathaan|Pathanen;Pasjtoens|Pasjtoense
region-pashtun;en;Pashtun|Pashtuns|Pathan|Pathans|Pakhtun|Pakhtuns;Pashtun|Pathan
region-hazara;nl;Hazara|Hazara's;Hazara
region-hazara;en;Hazara|Hazaras;Hazara
region-punjab;nl;Punjabi|Punjabi's;Punjabi
region-punjab;en;Punjabi|Punjabis;Punjabi
region-rohingya;nl;Rohingya|Rohingya's;Rohingya
region-rohingya;en;Rohingya|Rohingyas;Rohingya
region-moluccas;nl;Molukker|Molukkers|Ambonees|Ambonezen;Moluks|Molukse|Ambonees|Ambonese
region-moluccas;en;Moluccan|Moluccans|Ambonese;Moluccan|Ambonese
region-indies;nl;Indische Nederlander|Indische Nederlanders;Indisch|Indische
region-indies;en;Dutch Indonesian|Dutch Indonesians|Indo|Indos;Indo
region-polynesia;nl;Polynesiër|Polynesiërs;Polynesisch|Polynesische
region-polynesia;en;Polynesian|Polynesians;Polynesian
region-aboriginal;nl;Aboriginal|Aboriginals|Aborigine|Aborigines;
region-aboriginal;en;Aborigine|Aborigines|Aboriginal|Aboriginals;Aboriginal
region-america;nl;Amerikaan|Amerikanen;Amerikaans|Amerikaanse
region-america;en;American|Americans;American
region-north-america;nl;Noord-Amerikaan|Noord-Amerikanen;Noord-Amerikaans|Noord-Amerikaanse
region-north-america;en;North American|North Americans;North American
region-central-america;nl;Midden-Amerikaan|Midden-Amerikanen|Centraal-Amerikaan|Centraal-Amerikanen;Midden-Amerikaans|Midden-Amerikaanse|Centraal-Amerikaans|Centraal-Amerikaanse
region-central-america;en;Central American|Central Americans;Central American
region-south-america;nl;Zuid-Amerikaan|Zuid-Amerikanen;Zuid-Amerikaans|Zuid-Amerikaanse
region-south-america;en;South American|South Americans;South American
region-latin-america;nl;Latijns-Amerikaan|Latijns-Amerikanen;Latijns-Amerikaans|Latijns-Amerikaanse
region-latin-america;en;Latin American|Latin Americans;Latin American
region-latino;nl;Latino|Latino's|Latina|Latina's;
region-latino;en;Latino|Latinos|Latina|Latinas|Latinx|Hispanic|Hispanics;Latino|Latina|Hispanic
region-native-american;nl;Indiaan|Indianen;Indiaans|Indiaanse
region-native-american;en;Native American|Native Americans|American Indian|American Indians;Native American|American Indian
region-caribbean;nl;Caribiër|Caribiërs;Caribisch|Caribische
region-caribbean;en;Caribbean|Caribbeans;Caribbean
region-west-indies;nl;West-Indiër|West-Indiërs;West-Indisch|West-Indische
region-west-indies;en;West Indian|West Indians;West Indian
region-antilles;nl;Antilliaan|Antillianen|Nederlands-Antilliaan|Nederlands-Antillianen;Antilliaans|Antilliaanse|Nederlands-Antilliaans|Nederlands-Antilliaanse
region-antilles;en;Antillean|Antilleans|Dutch Antillean|Dutch Antilleans;Antillean|Dutch Antillean
region-hindustani;nl;Hindoestaan|Hindoestanen;Hindoestaans|Hindoestaanse
region-hindustani;en;Hindustani|Hindustanis|Indo-Surinamese;Hindustani|Indo-Surinamese
region-creole;nl;Creool|Creolen;Creools|Creoolse
region-creole;en;Creole?|Creoles?;Creole?
region-maroon;nl;Marron|Marrons|Boslandcreool|Boslandcreolen;
region-maroon;en;Maroon?|Maroons?;Maroon?
region-javanese;nl;Javaan|Javanen;Javaans|Javaanse
region-javanese;en;Javanese;Javanese
region-foreign;nl;buitenlander|buitenlanders;buitenlands|buitenlandse
region-foreign;en;foreigner|foreigners;foreign
"""


def _lines(text):
    """The rows of a table above as lists of fields, without its heading."""
    return [line.split(";") for line in text.strip().splitlines()[1:]]


def _read():
    for language, kind, usage, term in _lines(TERMS):
        yield language, kind, usage, term
    for _place, language, nouns, adjectives in _lines(ORIGINS):
        for noun in filter(None, nouns.split("|")):
            usage = "person_noun" if noun.endswith("?") else "word"
            yield language, "nationality", usage, noun.rstrip("?").lower()
        for adjective in filter(None, adjectives.split("|")):
            yield language, "nationality", "qualifier", adjective.rstrip("?").lower()


def rows():
    """(language, kind, usage, term), once per language and term. A word that is a noun for
    people and an adjective alike ("Chinees", "Congolees") asks only about people."""
    usages = {}
    for language, kind, usage, term in _read():
        usages.setdefault((language, term), (kind, set()))[1].add(usage)
    for (language, term), (kind, found) in usages.items():
        if len(found) == 1:
            usage = found.pop()
        elif "qualifier" in found and found & {"word", "person_noun"}:
            usage = "person_noun"
        else:
            usage = sorted(found)[0]
        yield language, kind, usage, term


def seed(apps, schema_editor):
    DescriptionTerm = apps.get_model("signalen", "DescriptionTerm")
    DescriptionRule = apps.get_model("signalen", "DescriptionRule")
    wanted = list(rows())
    kept = {(language, term) for language, _kind, _usage, term in wanted}
    for language, term in EARLIER:
        if (language, term) not in kept:
            DescriptionTerm.objects.filter(language=language, term=term).delete()
    existing = {(t.language, t.term): t for t in DescriptionTerm.objects.all()}
    new, changed = [], []
    for language, kind, usage, term in wanted:
        known = existing.get((language, term))
        if known is None:
            new.append(DescriptionTerm(language=language, term=term, kind=kind, usage=usage))
        elif (known.kind, known.usage) != (kind, usage):
            known.kind, known.usage = kind, usage
            known.changed_at = models.functions.Now()
            changed.append(known)
    DescriptionTerm.objects.bulk_create(new)
    DescriptionTerm.objects.bulk_update(changed, ["kind", "usage", "changed_at"])
    for code in RULES:
        DescriptionRule.objects.get_or_create(code=code)


class Migration(migrations.Migration):
    dependencies = [("signalen", "0009_description_rules")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
