"""Write a realistic synthetic claims table (the format of data/claims.yaml) for the benchmarks.

    python benchmarks/synthetic_table.py OUT.yaml [--claims 100000] [--seed 1] [--check]

The table has ~200 measures (deportations, asylum requests, homicides, school enrolment, exports, ...)
each with English and Spanish keywords, ~150 actors and places (countries, Mexican and US states,
agencies), figures with varied units (people, counts with labels, percents with direction and base,
USD, per-month rates, ranges, hedges), periods from 1990 to 2025 (years, months, month ranges,
12-month periods, multi-year spans), series linking the periods of one measure in one place, quotes
that state the figure, and a few hundred `sources:` entries (some claims also `cites:` originals).

It also has the sentence generator the benchmarks use (``sentences``): true and false numbers,
hedges, wrong periods and directions, other subjects and places, Spanish, for any claims that have
the attributes of ``claimcheck.model.Claim`` (the synthetic ones built here, or a loaded table's).

Only the standard library is needed to write a table; ``--check`` runs claimcheck's own loader on it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import sys
import unicodedata
from pathlib import Path
from types import SimpleNamespace

# ------------------------------------------------------------------------------------------------
# Vocabulary
# ------------------------------------------------------------------------------------------------

# subject | unit (people, count, usd, pct) | label EN/ES | keywords EN | keywords ES
# Left out on purpose: library loans, GDP growth and population, the subjects that the acceptance cases
# (shared/eval/cases.yaml) use as "not in the table"; with them in, "The library lent 8,796 books in 2016"
# would rightly find a claim, and the same-verdicts check would test the generator, not the engine.
_MEASURES = """
deportations|people|people/personas|deportations,deported,deportation,removals|deportaciones,deportados,deportación
asylum requests|people|asylum seekers/solicitantes de asilo|asylum requests,asylum applications,asylum|solicitudes de asilo,asilo,solicitantes
refugee recognitions|people|refugees/refugiados|refugee status,recognitions,recognised refugees|reconocimientos,estatus de refugiado,refugiados reconocidos
migrant apprehensions|people|migrants/migrantes|apprehensions,apprehended,detentions|aprehensiones,detenciones,aprehendidos
border crossings|count|crossings/cruces|border crossings,crossings,crossed|cruces fronterizos,cruces,cruzaron
returns of migrants|people|migrants/migrantes|returns,returned,returnees|retornos,retornados,devoluciones
visas issued|count|visas/visas|visas,visa,visas issued|visas expedidas,visados
residence permits|count|permits/permisos|residence permits,residency,permits|permisos de residencia,residencias
naturalisations|people|people/personas|naturalisations,naturalizations,naturalised,citizenship|naturalizaciones,nacionalidad,ciudadanía
humanitarian visas|count|visas/visas|humanitarian visas,humanitarian|visas humanitarias,humanitarias
unaccompanied minors detained|people|children/niños|unaccompanied minors,unaccompanied children,minors|menores no acompañados,niños no acompañados,menores
migrant deaths|people|migrants/migrantes|migrant deaths,deaths,died|muertes de migrantes,muertes,fallecidos
missing migrants|people|migrants/migrantes|missing migrants,missing,disappeared|migrantes desaparecidos,desaparecidos
remittances|usd|remittances/remesas|remittances,remitted,money transfers|remesas,envíos de dinero
migrant shelters|count|shelters/albergues|shelters,migrant shelters|albergues,casas del migrante
detention centre capacity|count|beds/camas|detention centres,detention capacity,detention beds|estaciones migratorias,centros de detención
work permits|count|permits/permisos|work permits,work authorisations|permisos de trabajo,autorizaciones de trabajo
family reunification requests|count|requests/solicitudes|family reunification,reunification|reunificación familiar,reunificación
resettled refugees|people|refugees/refugiados|resettlement,resettled|reasentamiento,reasentados
internally displaced people|people|people/personas|internally displaced,displacement,displaced|desplazados internos,desplazamiento,desplazados
stateless people|people|people/personas|stateless,statelessness|apátridas,apatridia
expulsions|people|people/personas|expulsions,expelled|expulsiones,expulsados
voluntary returns|people|people/personas|voluntary returns,assisted returns|retornos voluntarios,retorno asistido
border rejections|people|people/personas|rejections,turned back,refused entry|rechazos,inadmisiones,rechazados
trafficking victims|people|victims/víctimas|trafficking,trafficked,trafficking victims|trata,víctimas de trata,tratados
smuggling arrests|people|smugglers/traficantes|smuggling,smugglers,people smuggling|tráfico de personas,traficantes,polleros
migrant kidnappings|count|kidnappings/secuestros|migrant kidnappings,abductions|secuestros de migrantes,plagios
labour migrants|people|workers/trabajadores|labour migrants,migrant workers,temporary workers|trabajadores migrantes,jornaleros
student visas|count|visas/visas|student visas,international students|visas de estudiante,estudiantes extranjeros
temporary protection holders|people|people/personas|temporary protection,protected status|protección temporal,estatus protegido
homicides|count|homicides/homicidios|homicides,murders,murdered,killings|homicidios,asesinatos,asesinados
femicides|count|femicides/feminicidios|femicides,feminicides,women killed|feminicidios,mujeres asesinadas
kidnappings|count|kidnappings/secuestros|kidnappings,kidnapped,abductions|secuestros,secuestrados,plagios
extortion reports|count|reports/denuncias|extortion,extortions,extorted|extorsión,extorsiones,extorsionados
robberies|count|robberies/robos|robberies,robbery,muggings|robos,asaltos
car thefts|count|vehicles/vehículos|car thefts,stolen cars,vehicle theft|robo de vehículos,autos robados
drug seizures|count|seizures/decomisos|drug seizures,seized drugs,seizures|decomisos de droga,aseguramientos,incautaciones
arrests|people|people/personas|arrests,arrested,detained|arrestos,arrestados,detenidos
convictions|count|convictions/condenas|convictions,convicted,sentences|condenas,sentencias,condenados
prison population|people|prisoners/presos|prison population,prisoners,inmates|población penitenciaria,presos,reclusos
pretrial detainees|people|detainees/detenidos|pretrial detention,pretrial detainees,untried prisoners|prisión preventiva,presos sin condena
police officers killed|people|officers/policías|police killed,officers killed,police deaths|policías asesinados,agentes asesinados
journalists killed|people|journalists/periodistas|journalists killed,reporters killed,press killings|periodistas asesinados,asesinatos de periodistas
disappearances|people|people/personas|disappearances,disappeared,missing persons|desapariciones,desaparecidos,personas desaparecidas
torture complaints|count|complaints/quejas|torture,torture complaints|tortura,denuncias de tortura
human rights complaints|count|complaints/quejas|human rights complaints,complaints,grievances|quejas,quejas de derechos humanos,denuncias
domestic violence reports|count|reports/denuncias|domestic violence,family violence|violencia doméstica,violencia familiar
sexual assaults|count|assaults/agresiones|sexual assaults,rapes,sexual violence|agresiones sexuales,violaciones,violencia sexual
cybercrime reports|count|reports/denuncias|cybercrime,online fraud,hacking|ciberdelitos,fraude en línea,delitos informáticos
firearm seizures|count|firearms/armas|firearms seized,gun seizures,weapons seized|armas aseguradas,armas decomisadas
corruption investigations|count|investigations/investigaciones|corruption,bribery,graft|corrupción,soborno,cohecho
lynchings|count|lynchings/linchamientos|lynchings,lynched,mob killings|linchamientos,linchados
prison escapes|count|escapes/fugas|prison escapes,escaped inmates,jailbreaks|fugas de reos,fugas,evasiones
massacres|count|massacres/masacres|massacres,mass killings|masacres,matanzas
attacks on rights defenders|count|attacks/agresiones|attacks on defenders,rights defenders attacked|agresiones a defensores,defensores atacados
extrajudicial killings|people|people/personas|extrajudicial killings,extrajudicial executions|ejecuciones extrajudiciales,ejecuciones
court cases filed|count|cases/casos|court cases,lawsuits filed,cases filed|casos judiciales,demandas presentadas,juicios
emergency calls|count|calls/llamadas|emergency calls,emergency line|llamadas de emergencia,línea de emergencia
traffic deaths|people|people/personas|traffic deaths,road deaths,killed on roads|muertes viales,muertes en carreteras,accidentes mortales
hospital beds|count|beds/camas|hospital beds,beds|camas de hospital,camas hospitalarias
doctors|people|doctors/médicos|doctors,physicians,medical doctors|médicos,doctores
nurses|people|nurses/enfermeras|nurses,nursing staff|enfermeras,enfermeros,personal de enfermería
vaccinations|count|doses/dosis|vaccinations,vaccine doses,vaccinated|vacunas,dosis,vacunados
measles cases|count|cases/casos|measles,measles cases|sarampión,casos de sarampión
dengue cases|count|cases/casos|dengue,dengue fever|dengue,casos de dengue
malaria cases|count|cases/casos|malaria,malaria cases|malaria,paludismo
HIV infections|people|people/personas|HIV,HIV infections,new infections|VIH,infecciones por VIH,nuevas infecciones
tuberculosis cases|count|cases/casos|tuberculosis,TB cases|tuberculosis,casos de tuberculosis
COVID-19 deaths|people|people/personas|COVID-19 deaths,pandemic deaths,coronavirus deaths|muertes por COVID-19,fallecidos por coronavirus
maternal deaths|people|women/mujeres|maternal deaths,maternal mortality|muertes maternas,mortalidad materna
infant deaths|people|infants/bebés|infant deaths,infant mortality|muertes infantiles,mortalidad infantil
births|count|births/nacimientos|births,born,newborns|nacimientos,nacidos,natalidad
suicides|people|people/personas|suicides,suicide|suicidios,suicidio
overdose deaths|people|people/personas|overdose deaths,overdoses,overdosed|muertes por sobredosis,sobredosis
health spending|usd|spending/gasto|health spending,health budget,healthcare spending|gasto en salud,presupuesto de salud
health clinics|count|clinics/clínicas|clinics,health centres,health clinics|clínicas,centros de salud
diabetes cases|people|people/personas|diabetes,diabetics|diabetes,diabéticos
cancer diagnoses|count|diagnoses/diagnósticos|cancer,cancer diagnoses|cáncer,diagnósticos de cáncer
hospital admissions|count|admissions/ingresos|hospital admissions,hospitalisations,admitted|hospitalizaciones,ingresos hospitalarios
emergency room visits|count|visits/visitas|emergency room,ER visits,emergency visits|urgencias,visitas a urgencias
organ transplants|count|transplants/trasplantes|organ transplants,transplants|trasplantes,trasplantes de órganos
cholera cases|count|cases/casos|cholera,cholera cases|cólera,casos de cólera
malnutrition cases|people|children/niños|malnutrition,undernourished,stunting|desnutrición,malnutrición
teen pregnancies|count|pregnancies/embarazos|teen pregnancies,adolescent pregnancies|embarazo adolescente,embarazos adolescentes
school enrolment|people|students/estudiantes|school enrolment,enrollment,enrolled|matrícula escolar,inscritos,matriculados
primary school enrolment|people|pupils/alumnos|primary school,primary enrolment|educación primaria,matrícula de primaria
secondary school enrolment|people|students/estudiantes|secondary school,high school enrolment|educación secundaria,matrícula de secundaria
university enrolment|people|students/estudiantes|university enrolment,university students,higher education|matrícula universitaria,universitarios,educación superior
school dropouts|people|students/estudiantes|dropouts,dropped out,school dropout|deserción escolar,abandono escolar,desertores
teachers|people|teachers/maestros|teachers,teaching staff|maestros,docentes,profesores
schools|count|schools/escuelas|schools,school buildings|escuelas,planteles
scholarships|count|scholarships/becas|scholarships,grants,bursaries|becas,becarios
graduates|people|graduates/egresados|graduates,graduated|egresados,titulados,graduados
literacy rate|pct|literate adults/adultos alfabetizados|literacy,literate|alfabetización,alfabetizados
education spending|usd|spending/gasto|education spending,education budget|gasto educativo,presupuesto educativo
school closures|count|schools/escuelas|school closures,schools closed|cierre de escuelas,escuelas cerradas
students tested|people|students/estudiantes|tested students,standardised tests,exam takers|estudiantes evaluados,pruebas estandarizadas
classrooms built|count|classrooms/aulas|classrooms built,new classrooms|aulas construidas,salones nuevos
teacher strikes|count|strikes/paros|teacher strikes,teachers' strikes|paros magisteriales,huelgas de maestros
school meals|count|meals/raciones|school meals,school lunches,school feeding|desayunos escolares,comedores escolares
out-of-school children|people|children/niños|out-of-school children,children out of school|niños fuera de la escuela,sin escolarizar
textbooks distributed|count|textbooks/libros de texto|textbooks,free textbooks|libros de texto,libros gratuitos
student loans|usd|loans/créditos|student loans,student debt|créditos educativos,préstamos estudiantiles
vocational trainees|people|trainees/aprendices|vocational training,apprentices,trainees|formación profesional,aprendices,capacitación
exports|usd|exports/exportaciones|exports,exported,shipments abroad|exportaciones,exportado,ventas al exterior
imports|usd|imports/importaciones|imports,imported|importaciones,importado,compras al exterior
foreign direct investment|usd|investment/inversión|foreign direct investment,FDI,foreign investment|inversión extranjera directa,IED,inversión extranjera
public debt|usd|debt/deuda|public debt,government debt,sovereign debt|deuda pública,deuda del gobierno
tax revenue|usd|revenue/recaudación|tax revenue,taxes collected,tax collection|recaudación tributaria,impuestos recaudados,recaudación
tourist arrivals|people|tourists/turistas|tourist arrivals,tourists,visitors|llegadas de turistas,turistas,visitantes
tourism revenue|usd|revenue/ingresos|tourism revenue,tourist spending|ingresos por turismo,divisas turísticas
unemployment rate|pct|workforce/población activa|unemployment,jobless,unemployed|desempleo,desocupación,desempleados
jobs created|count|jobs/empleos|jobs created,new jobs,job creation|empleos creados,nuevos empleos,creación de empleo
formal jobs|count|jobs/empleos|formal jobs,formal employment,registered jobs|empleos formales,empleo formal
informal workers|people|workers/trabajadores|informal workers,informal economy,informality|trabajadores informales,informalidad,economía informal
inflation rate|pct|prices/precios|inflation,consumer prices,price rises|inflación,precios al consumidor,carestía
poverty rate|pct|population/población|poverty,poor,living in poverty|pobreza,pobres,en situación de pobreza
extreme poverty rate|pct|population/población|extreme poverty,destitution|pobreza extrema,indigencia
bankruptcies|count|companies/empresas|bankruptcies,insolvencies,went bankrupt|quiebras,concursos mercantiles,insolvencias
business registrations|count|companies/empresas|business registrations,new businesses,startups|registro de empresas,nuevas empresas
car production|count|vehicles/vehículos|car production,vehicles produced,auto output|producción automotriz,vehículos producidos
oil production|count|barrels/barriles|oil production,crude output,barrels of oil|producción petrolera,producción de crudo,barriles
electricity generation|count|gigawatt hours/gigavatios hora|electricity generation,power generation|generación eléctrica,generación de energía
agricultural exports|usd|exports/exportaciones|agricultural exports,farm exports|exportaciones agrícolas,agroexportaciones
coffee exports|usd|exports/exportaciones|coffee exports,coffee|exportaciones de café,café
public spending|usd|spending/gasto|public spending,government spending,public expenditure|gasto público,gasto del gobierno
military spending|usd|spending/gasto|military spending,defence spending,defense budget|gasto militar,presupuesto de defensa
foreign aid|usd|aid/ayuda|foreign aid,development assistance,aid|ayuda exterior,cooperación internacional,asistencia
security assistance|usd|assistance/asistencia|security assistance,security aid,military aid|asistencia en seguridad,ayuda militar
bank deposits|usd|deposits/depósitos|bank deposits,deposits|depósitos bancarios,captación
mobile subscriptions|count|subscriptions/líneas|mobile subscriptions,mobile phones,cell phones|líneas móviles,celulares,telefonía móvil
internet users|people|people/personas|internet users,online,internet access|usuarios de internet,internautas,acceso a internet
housing units built|count|homes/viviendas|housing units,homes built,new homes|viviendas construidas,viviendas nuevas
evictions|count|evictions/desalojos|evictions,evicted,foreclosures|desalojos,desahucios,lanzamientos
strikes|count|strikes/huelgas|strikes,walkouts,industrial action|huelgas,paros laborales
deforestation|count|hectares/hectáreas|deforestation,forest loss,deforested|deforestación,pérdida de bosque,desmonte
wildfires|count|fires/incendios|wildfires,forest fires,bushfires|incendios forestales,incendios
carbon emissions|count|tonnes/toneladas|carbon emissions,CO2 emissions,greenhouse gases|emisiones de carbono,emisiones de CO2,gases de efecto invernadero
flood victims|people|people/personas|floods,flooding,flood victims|inundaciones,damnificados por inundaciones
hurricane damage|usd|damage/daños|hurricane damage,storm damage,hurricanes|daños por huracanes,huracanes,daños
earthquake victims|people|people/personas|earthquakes,quake victims,seismic|sismos,terremotos,damnificados del sismo
drought-affected people|people|people/personas|drought,dry spell,drought-affected|sequía,afectados por la sequía
oil spills|count|spills/derrames|oil spills,spills,leaks|derrames de petróleo,derrames,fugas
endangered species|count|species/especies|endangered species,threatened species|especies en peligro,especies amenazadas
protected areas|count|hectares/hectáreas|protected areas,nature reserves,national parks|áreas protegidas,reservas naturales,parques nacionales
water shortages|people|people/personas|water shortages,without water,water cuts|escasez de agua,sin agua,cortes de agua
air pollution alerts|count|alerts/alertas|air pollution,smog alerts,pollution alerts|contingencias ambientales,contaminación del aire,alertas
landslides|count|landslides/deslaves|landslides,mudslides|deslaves,deslizamientos,derrumbes
heat deaths|people|people/personas|heat deaths,heatwave,heat stroke|muertes por calor,ola de calor,golpe de calor
fish catch|count|tonnes/toneladas|fish catch,fisheries,fishing|captura pesquera,pesca,pesquerías
mining concessions|count|concessions/concesiones|mining concessions,mines,mining permits|concesiones mineras,minas,permisos mineros
environmental permits|count|permits/permisos|environmental permits,environmental licences|permisos ambientales,licencias ambientales
recycled waste|count|tonnes/toneladas|recycling,recycled waste,waste|reciclaje,residuos reciclados,basura
reforestation|count|hectares/hectáreas|reforestation,trees planted,reforested|reforestación,árboles plantados,reforestadas
registered voters|people|voters/electores|registered voters,voter roll,electorate|padrón electoral,electores,lista nominal
votes cast|count|votes/votos|votes cast,ballots,votes|votos emitidos,sufragios,votos
voter turnout|pct|voters/electores|turnout,voter turnout,participation|participación electoral,participación,afluencia
candidates|people|candidates/candidatos|candidates,candidacies,running for office|candidatos,candidaturas,aspirantes
political parties|count|parties/partidos|political parties,parties registered|partidos políticos,partidos registrados
elected officials|people|officials/funcionarios|elected officials,mayors,legislators|funcionarios electos,alcaldes,legisladores
protests|count|protests/protestas|protests,demonstrations,marches|protestas,manifestaciones,marchas
social conflicts|count|conflicts/conflictos|social conflicts,disputes,unrest|conflictos sociales,disputas,descontento
public consultations|count|consultations/consultas|public consultations,referendums,consultations|consultas públicas,consultas,referendos
information requests|count|requests/solicitudes|freedom of information,information requests,transparency requests|solicitudes de información,transparencia,acceso a la información
laws passed|count|laws/leyes|laws passed,legislation,bills approved|leyes aprobadas,legislación,iniciativas aprobadas
presidential decrees|count|decrees/decretos|decrees,executive orders|decretos,órdenes ejecutivas
government employees|people|employees/empleados|government employees,civil servants,public workers|servidores públicos,burócratas,empleados públicos
public contracts|count|contracts/contratos|public contracts,government contracts,procurement|contratos públicos,licitaciones,adjudicaciones
audits|count|audits/auditorías|audits,audited,audit findings|auditorías,auditados,observaciones
federal budget|usd|budget/presupuesto|federal budget,national budget,budget|presupuesto federal,presupuesto,egresos
municipal budgets|usd|budgets/presupuestos|municipal budgets,city budgets|presupuestos municipales,presupuesto municipal
constitutional reforms|count|reforms/reformas|constitutional reforms,amendments|reformas constitucionales,enmiendas
households|count|households/hogares|households,homes,dwellings|hogares,viviendas habitadas
homeless people|people|people/personas|homeless,homelessness,rough sleepers|personas sin hogar,situación de calle,indigentes
pensions paid|people|pensioners/pensionados|pensions,pensioners,retirees|pensiones,pensionados,jubilados
social programme beneficiaries|people|beneficiaries/beneficiarios|social programmes,beneficiaries,welfare|programas sociales,beneficiarios,padrón de beneficiarios
cash transfers|usd|transfers/transferencias|cash transfers,conditional transfers,subsidies|transferencias monetarias,apoyos económicos,subsidios
food aid recipients|people|people/personas|food aid,food parcels,food assistance|ayuda alimentaria,despensas,asistencia alimentaria
people with disabilities|people|people/personas|disabilities,disabled,disability|discapacidad,personas con discapacidad
indigenous people|people|people/personas|indigenous,indigenous peoples,native communities|indígenas,pueblos originarios,comunidades indígenas
child labourers|people|children/niños|child labour,child labor,working children|trabajo infantil,niños trabajadores
marriages|count|marriages/matrimonios|marriages,weddings,married|matrimonios,bodas,casados
divorces|count|divorces/divorcios|divorces,divorced|divorcios,divorciados
adoptions|count|adoptions/adopciones|adoptions,adopted children|adopciones,niños adoptados
orphans|people|children/niños|orphans,orphaned|huérfanos,orfandad
older people|people|people/personas|older people,elderly,senior citizens|adultos mayores,ancianos,tercera edad
volunteers|people|volunteers/voluntarios|volunteers,volunteering|voluntarios,voluntariado
NGO registrations|count|organisations/organizaciones|NGOs,non-governmental organisations,civil society groups|ONG,organizaciones civiles,sociedad civil
museum visitors|people|visitors/visitantes|museum visitors,museums,museum attendance|visitantes a museos,museos
road accidents|count|accidents/accidentes|road accidents,crashes,collisions|accidentes viales,choques,accidentes de tránsito
flights|count|flights/vuelos|flights,air traffic,flight operations|vuelos,operaciones aéreas,tráfico aéreo
air passengers|people|passengers/pasajeros|air passengers,airline passengers|pasajeros aéreos,pasajeros de avión
rail passengers|people|passengers/pasajeros|rail passengers,train passengers,railway|pasajeros de tren,ferrocarril
containers handled|count|containers/contenedores|containers,container traffic,TEU|contenedores,movimiento de contenedores
vehicles registered|count|vehicles/vehículos|vehicles registered,registered cars,vehicle fleet|vehículos registrados,parque vehicular
roads built|count|kilometres of road/kilómetros de carretera|roads built,new roads,highways|carreteras construidas,caminos nuevos,autopistas
bridges|count|bridges/puentes|bridges,bridge repairs|puentes,reparación de puentes
port calls|count|ship calls/arribos|port calls,ships docked,vessel arrivals|arribos de buques,escalas portuarias
ferry passengers|people|passengers/pasajeros|ferry passengers,ferries|pasajeros de ferry,transbordadores
toll revenue|usd|revenue/ingresos|tolls,toll revenue,toll roads|peajes,cuotas de peaje,casetas
fuel imports|usd|imports/importaciones|fuel imports,gasoline imports,petrol imports|importaciones de combustible,importaciones de gasolina
pipeline taps|count|illegal taps/tomas clandestinas|pipeline taps,fuel theft,illegal taps|tomas clandestinas,huachicol,robo de combustible
"""

# (name, Spanish name): places, countries first.
_PLACES = """
Mexico|México;Guatemala|Guatemala;Honduras|Honduras;El Salvador|El Salvador;Nicaragua|Nicaragua;Costa Rica|Costa Rica;
Panama|Panamá;Belize|Belice;Cuba|Cuba;Haiti|Haití;Dominican Republic|República Dominicana;Jamaica|Jamaica;
Venezuela|Venezuela;Colombia|Colombia;Ecuador|Ecuador;Peru|Perú;Bolivia|Bolivia;Chile|Chile;Argentina|Argentina;
Brazil|Brasil;Uruguay|Uruguay;Paraguay|Paraguay;Canada|Canadá;United States|Estados Unidos;Spain|España;
Portugal|Portugal;France|Francia;Germany|Alemania;Italy|Italia;Greece|Grecia;Netherlands|Países Bajos;
Belgium|Bélgica;Sweden|Suecia;Norway|Noruega;Denmark|Dinamarca;Finland|Finlandia;Poland|Polonia;Austria|Austria;
Switzerland|Suiza;Ireland|Irlanda;United Kingdom|Reino Unido;Hungary|Hungría;Romania|Rumania;Bulgaria|Bulgaria;
Ukraine|Ucrania;Russia|Rusia;Turkey|Turquía;Morocco|Marruecos;Algeria|Argelia;Tunisia|Túnez;Libya|Libia;
Egypt|Egipto;Nigeria|Nigeria;Ghana|Ghana;Senegal|Senegal;Mali|Malí;Niger|Níger;Chad|Chad;Sudan|Sudán;
Ethiopia|Etiopía;Eritrea|Eritrea;Somalia|Somalia;Kenya|Kenia;Uganda|Uganda;Tanzania|Tanzania;Rwanda|Ruanda;
Congo|Congo;Angola|Angola;South Africa|Sudáfrica;Mozambique|Mozambique;Zimbabwe|Zimbabue;Cameroon|Camerún;
Syria|Siria;Lebanon|Líbano;Jordan|Jordania;Iraq|Irak;Iran|Irán;Afghanistan|Afganistán;Pakistan|Pakistán;
India|India;Bangladesh|Bangladés;Sri Lanka|Sri Lanka;Nepal|Nepal;China|China;Japan|Japón;South Korea|Corea del Sur;
Philippines|Filipinas;Indonesia|Indonesia;Vietnam|Vietnam;Thailand|Tailandia;Malaysia|Malasia;Myanmar|Birmania;
Australia|Australia;New Zealand|Nueva Zelanda;Yemen|Yemen;Saudi Arabia|Arabia Saudita;Israel|Israel;
Chiapas|Chiapas;Tabasco|Tabasco;Oaxaca|Oaxaca;Veracruz|Veracruz;Tamaulipas|Tamaulipas;Coahuila|Coahuila;
Sonora|Sonora;Chihuahua|Chihuahua;Baja California|Baja California;Nuevo León|Nuevo León;Jalisco|Jalisco;
Guerrero|Guerrero;Michoacán|Michoacán;Puebla|Puebla;Quintana Roo|Quintana Roo;Campeche|Campeche;Yucatán|Yucatán;
Mexico City|Ciudad de México;Texas|Texas;Arizona|Arizona;California|California;New Mexico|Nuevo México;
Florida|Florida;New York|Nueva York
"""

# name | acronym or short name | Spanish name | domains of the measures it reports ("*": any)
_ACTORS = """
National Institute of Migration|INM|Instituto Nacional de Migración|migration
Mexican Commission for Refugee Assistance|COMAR|Comisión Mexicana de Ayuda a Refugiados|migration
National Human Rights Commission|CNDH|Comisión Nacional de los Derechos Humanos|crime migration
National Institute of Statistics and Geography|INEGI|Instituto Nacional de Estadística y Geografía|*
Ministry of the Interior|SEGOB|Secretaría de Gobernación|migration crime governance
Ministry of Health|SSA|Secretaría de Salud|health
Ministry of Education|SEP|Secretaría de Educación Pública|education
Ministry of Finance|SHCP|Secretaría de Hacienda|economy governance
Bank of Mexico|Banxico|Banco de México|economy
National Guard|Guardia Nacional|Guardia Nacional|migration crime
Attorney General's Office|FGR|Fiscalía General de la República|crime
Executive Secretariat of the National Public Security System|SESNSP|Secretariado Ejecutivo del Sistema Nacional de Seguridad Pública|crime
U.S. Customs and Border Protection|CBP|Oficina de Aduanas y Protección Fronteriza|migration
U.S. Immigration and Customs Enforcement|ICE|Servicio de Inmigración y Control de Aduanas|migration
U.S. Department of Homeland Security|DHS|Departamento de Seguridad Nacional|migration
U.S. State Department|State Department|Departamento de Estado|migration economy governance
UN Refugee Agency|UNHCR|ACNUR|migration
International Organization for Migration|IOM|Organización Internacional para las Migraciones|migration
World Health Organization|WHO|Organización Mundial de la Salud|health
Pan American Health Organization|PAHO|Organización Panamericana de la Salud|health
UNICEF|UNICEF|UNICEF|education health social
World Bank|World Bank|Banco Mundial|economy social education environment
Inter-American Development Bank|IDB|Banco Interamericano de Desarrollo|economy transport social
Economic Commission for Latin America and the Caribbean|ECLAC|CEPAL|economy social
International Labour Organization|ILO|Organización Internacional del Trabajo|economy social
national statistics office|statistics office|instituto nacional de estadística|*
Ministry of Labour|labour ministry|Ministerio de Trabajo|economy social
Ministry of the Environment|environment ministry|Ministerio de Medio Ambiente|environment
national electoral authority|electoral authority|autoridad electoral|governance
Washington Office on Latin America|WOLA|Oficina en Washington para Asuntos Latinoamericanos|migration crime
Human Rights Watch|HRW|Human Rights Watch|crime migration
Amnesty International|Amnesty|Amnistía Internacional|crime migration
"""

_PUBLISHERS = [
    "The Intercept", "WOLA (Washington Office on Latin America)", "Animal Político", "El País", "Reuters",
    "Associated Press", "La Jornada", "Milenio", "El Universal", "Proceso", "The Guardian", "BBC Mundo",
    "InSight Crime", "Migration Policy Institute", "Pew Research Center", "Human Rights Watch",
    "Amnesty International", "Fundar", "México Evalúa", "CIDE", "The New York Times", "The Washington Post",
    "Los Angeles Times", "Texas Tribune", "El Faro", "Plaza Pública", "Confidencial", "La Prensa Gráfica",
]

_MONTHS_EN = ["", "January", "February", "March", "April", "May", "June", "July", "August", "September",
              "October", "November", "December"]
_MONTHS_ES = ["", "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
              "octubre", "noviembre", "diciembre"]


#: The first measure of each domain in _MEASURES (they are listed domain by domain).
_DOMAIN_STARTS = {"deportations": "migration", "homicides": "crime", "hospital beds": "health",
                  "school enrolment": "education", "exports": "economy", "deforestation": "environment",
                  "registered voters": "governance", "households": "social", "road accidents": "transport"}


def _parse_measures():
    out = []
    domain = "migration"
    for line in _MEASURES.strip().splitlines():
        subject, unit, labels, kw_en, kw_es = line.split("|")
        domain = _DOMAIN_STARTS.get(subject, domain)
        label_en, label_es = labels.split("/")
        out.append(SimpleNamespace(subject=subject, unit=unit, label_en=label_en, label_es=label_es,
                                   kw_en=kw_en.split(","), kw_es=kw_es.split(","), slug=slug(subject),
                                   domain=domain))
    return out


def _parse_places():
    out = []
    for item in _PLACES.replace("\n", "").split(";"):
        name, es = item.split("|")
        out.append(SimpleNamespace(name=name.strip(), es=es.strip(), slug=slug(name)))
    return out


def _parse_actors():
    out = []
    for line in _ACTORS.strip().splitlines():
        name, short, es, domains = line.split("|")
        out.append(SimpleNamespace(name=name, short=short, es=es, domains=set(domains.split())))
    return out


def slug(text: str) -> str:
    text = "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


MEASURES = _parse_measures()
PLACES = _parse_places()
ACTORS = _parse_actors()
#: domain -> actors that report its measures
ACTORS_FOR = {d: [a for a in ACTORS if d in a.domains or "*" in a.domains] for d in set(_DOMAIN_STARTS.values())}


# ------------------------------------------------------------------------------------------------
# Numbers and periods as text
# ------------------------------------------------------------------------------------------------

def number_en(value: float) -> str:
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.1f}" if round(value, 1) == value else f"{value:,.2f}"


def number_es(value: float) -> str:
    """Spanish style: 80.353 and 12,5."""
    text = number_en(value)
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def _scales_exactly(value: float, scale: float) -> bool:
    """Does "<value/scale> <scale word>" read back as exactly ``value``?  claimcheck's reader multiplies
    the decimal by the scale, so "$4.1 billion" reads as 4099999999.9999995, and the loader's
    "value appears in the quote" check (exact to 1e-9) rejects it; such amounts are written in millions."""
    shown = float(number_en(value / scale).replace(",", ""))
    return shown * scale == value


def money_en(value: float) -> str:
    if value >= 1e9 and value % 1e7 == 0 and _scales_exactly(value, 1e9):
        return f"${number_en(value / 1e9)} billion"
    if value >= 1e6 and value % 1e5 == 0 and _scales_exactly(value, 1e6):
        return f"${number_en(value / 1e6)} million"
    return f"${number_en(value)}"


def money_es(value: float) -> str:
    if value >= 1e6 and value % 1e5 == 0 and value < 1e12 and _scales_exactly(value, 1e6):
        return f"{number_es(value / 1e6)} millones de dólares"
    return f"{number_es(value)} dólares"


def _full_month_range(start: dt.date, end: dt.date) -> bool:
    return start.day == 1 and (end + dt.timedelta(days=1)).day == 1


def period_en(start: dt.date, end: dt.date) -> str:
    """A phrase with its preposition: 'in 2017', 'between July 2014 and June 2015'."""
    if _full_month_range(start, end):
        if start.month == 1 and end.month == 12:
            return f"in {start.year}" if start.year == end.year else f"between {start.year} and {end.year}"
        if start.year == end.year:
            if start.month == end.month:
                return f"in {_MONTHS_EN[start.month]} {start.year}"
            if end.month == start.month + 1:
                return f"in {_MONTHS_EN[start.month]} and {_MONTHS_EN[end.month]} of {start.year}"
            return f"between {_MONTHS_EN[start.month]} and {_MONTHS_EN[end.month]} {start.year}"
        return f"between {_MONTHS_EN[start.month]} {start.year} and {_MONTHS_EN[end.month]} {end.year}"
    return (f"between {_MONTHS_EN[start.month]} {start.day}, {start.year} and "
            f"{_MONTHS_EN[end.month]} {end.day}, {end.year}")


def period_es(start: dt.date, end: dt.date) -> str:
    if _full_month_range(start, end):
        if start.month == 1 and end.month == 12:
            return f"en {start.year}" if start.year == end.year else f"entre {start.year} y {end.year}"
        if start.year == end.year:
            if start.month == end.month:
                return f"en {_MONTHS_ES[start.month]} de {start.year}"
            return f"entre {_MONTHS_ES[start.month]} y {_MONTHS_ES[end.month]} de {start.year}"
        return f"entre {_MONTHS_ES[start.month]} de {start.year} y {_MONTHS_ES[end.month]} de {end.year}"
    return (f"entre el {start.day} de {_MONTHS_ES[start.month]} de {start.year} y el "
            f"{end.day} de {_MONTHS_ES[end.month]} de {end.year}")


def _month_end(year: int, month: int) -> dt.date:
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def _iso(start: dt.date, end: dt.date) -> str:
    """The table's notation for a period (as parse_period reads it)."""
    if _full_month_range(start, end):
        if start.month == 1 and end.month == 12:
            return str(start.year) if start.year == end.year else f"{start.year}/{end.year}"
        a, b = f"{start.year:04d}-{start.month:02d}", f"{end.year:04d}-{end.month:02d}"
        return a if a == b else f"{a}/{b}"
    return f"{start.isoformat()}/{end.isoformat()}"


def _shift_months(day: dt.date, months: int) -> dt.date:
    total = day.year * 12 + day.month - 1 + months
    return dt.date(total // 12, total % 12 + 1, 1)


def _series_periods(rng: random.Random, k: int):
    """k consecutive periods of one shape, all within 1990-2025."""
    shape = rng.choices(["year", "fiscal", "quarter", "month", "bimester", "multi", "dates"],
                        weights=[55, 14, 10, 6, 6, 5, 4])[0]
    if shape == "year":
        y0 = rng.randint(1990, 2026 - k)
        return [(dt.date(y, 1, 1), dt.date(y, 12, 31)) for y in range(y0, y0 + k)]
    if shape == "multi":
        span = rng.choice([2, 3, 4, 5])
        k = min(k, 35 // span)
        y0 = rng.randint(1990, 2026 - span * k)
        return [(dt.date(y0 + span * j, 1, 1), dt.date(y0 + span * j + span - 1, 12, 31)) for j in range(k)]
    if shape == "dates":
        y0 = rng.randint(1990, 2026 - k - 1)
        day0 = dt.date(y0, rng.randint(1, 12), rng.randint(2, 27))
        out = []
        for j in range(k):
            start = day0.replace(year=y0 + j)
            out.append((start, start.replace(year=start.year + 1) - dt.timedelta(days=1)))
        return out
    months = {"fiscal": 12, "quarter": 3, "month": 1, "bimester": 2}[shape]
    first_month = 7 if shape == "fiscal" else rng.choice([1, 4, 7, 10]) if shape == "quarter" else rng.randint(1, 12)
    total_months = months * k
    y0 = rng.randint(1990, max(1990, 2025 - total_months // 12 - 1))
    start = dt.date(y0, first_month, 1)
    out = []
    for j in range(k):
        s = _shift_months(start, j * months)
        e_first = _shift_months(s, months - 1)
        out.append((s, _month_end(e_first.year, e_first.month)))
    return out


# ------------------------------------------------------------------------------------------------
# Claims
# ------------------------------------------------------------------------------------------------

def _magnitude(rng: random.Random, unit: str) -> float:
    if unit == "usd":
        millions = rng.choice([rng.randint(1, 999), rng.randint(1, 99) * 10, round(rng.uniform(1, 99), 1) * 100])
        return float(int(millions * 1e6)) if millions < 1000 else float(int(millions) * 1_000_000)
    if unit == "pct":
        return round(rng.uniform(0.5, 95), 1)
    value = int(10 ** rng.uniform(1, 6.7))
    if 1800 <= value < 2100:  # a bare number that reads as a year
        value += 400
    return float(value)


def _avoid_year(value: float) -> float:
    return value + 400 if 1800 <= value < 2100 and value == int(value) else value


def _figure_for(rng, measure, period, value, previous):
    """One figure dict (the YAML fields) and its text (EN and ES) for a quote or sentence."""
    unit = measure.unit
    kind = "level"
    roll = rng.random()
    if previous is not None and roll < 0.18:
        kind = "change"
    elif unit in ("people", "count") and roll < 0.28:
        kind = "rate"
    elif unit in ("people", "count") and roll < 0.33:
        kind = "range"
    fig = {"period": _iso(*period)}
    if kind == "change":
        prev_value, prev_period = previous
        pct = abs(value - prev_value) / prev_value * 100 if prev_value else 10.0
        pct = round(max(pct, 0.5), 1 if pct < 20 else 0)
        if pct == int(pct):
            pct = float(int(pct))
        up = value >= prev_value
        fig.update(value=pct, unit="percent", direction="up" if up else "down", base=_iso(*prev_period),
                   label=[measure.label_en, measure.label_es])
        verb_en = rng.choice(["rose", "increased", "grew", "climbed"]) if up else \
            rng.choice(["fell", "decreased", "dropped", "declined"])
        verb_es = rng.choice(["aumentaron", "crecieron"]) if up else rng.choice(["cayeron", "disminuyeron"])
        text_en = f"{verb_en} {number_en(pct)} percent compared with the previous period"
        text_es = f"{verb_es} {number_es(pct)} por ciento respecto del periodo anterior"
        return fig, text_en, text_es, kind
    if unit == "usd":
        fig.update(value=value, unit="USD", label=[measure.label_en, measure.label_es])
        hedge = rng.choices(["", "approximate", "more-than"], weights=[80, 12, 8])[0]
        words_en = {"": "", "approximate": "approximately ", "more-than": "more than "}[hedge]
        words_es = {"": "", "approximate": "alrededor de ", "more-than": "más de "}[hedge]
        if hedge:
            fig["hedge"] = hedge
        return fig, f"{words_en}{money_en(value)}", f"{words_es}{money_es(value)}", kind
    if unit == "pct":
        fig.update(value=value, unit="percent", label=[measure.label_en, measure.label_es])
        return fig, f"{number_en(value)} percent", f"{number_es(value)} por ciento", kind
    people = unit == "people"
    fig_unit = "people" if people else "count"
    if kind == "rate":
        rate = round(value / rng.choice([12, 30, 52]), 1)
        rate = _avoid_year(float(int(rate)) if rate >= 100 or rng.random() < 0.5 else rate)
        rate = max(rate, 1.0)
        fig.update(value=rate, unit=fig_unit, per="month", label=[measure.label_en, measure.label_es])
        return (fig, f"an average of {number_en(rate)} {measure.label_en} per month",
                f"un promedio de {number_es(rate)} {measure.label_es} al mes", kind)
    if kind == "range":
        step = 10 ** max(1, len(str(int(value))) - 2)
        low = _avoid_year(max(step, round(value / step) * step))
        high = _avoid_year(low + step * rng.randint(1, 5))
        fig.update(value=low, high=high, unit=fig_unit, hedge="range", label=[measure.label_en, measure.label_es])
        return (fig, f"between {number_en(low)} and {number_en(high)} {measure.label_en}",
                f"entre {number_es(low)} y {number_es(high)} {measure.label_es}", kind)
    hedge = rng.choices(["", "approximate", "more-than", "at-least", "nearly"], weights=[70, 12, 9, 5, 4])[0]
    shown = value
    if hedge in ("more-than", "at-least"):
        step = 10 ** max(0, len(str(int(value))) - 2)
        shown = _avoid_year(max(1.0, (value // step) * step))
    elif hedge == "nearly":
        step = 10 ** max(0, len(str(int(value))) - 2)
        shown = _avoid_year(-(-value // step) * step)
    words_en = {"": "", "approximate": rng.choice(["approximately ", "about ", "some "]),
                "more-than": "more than ", "at-least": "at least ", "nearly": "nearly "}[hedge]
    words_es = {"": "", "approximate": "alrededor de ", "more-than": "más de ", "at-least": "al menos ",
                "nearly": "casi "}[hedge]
    fig.update(value=shown, unit=fig_unit, label=[measure.label_en, measure.label_es])
    if hedge:
        fig["hedge"] = hedge
    return (fig, f"{words_en}{number_en(shown)} {measure.label_en}",
            f"{words_es}{number_es(shown)} {measure.label_es}", kind)


_QUOTES_EN = [
    "According to {actor}, {place} recorded {fig} {period}.",
    "{Actor} data show that {place} registered {fig} {period}, {filler}.",
    "Official figures published by {actor} put {subject} in {place} at {fig} {period}.",
    "{Period_cap}, {place} saw {fig}, according to {actor}; {filler}.",
    "The report, citing {actor}, says {place} had {fig} {period}.",
]
_QUOTES_CHANGE_EN = [
    "{Subject_cap} in {place} {fig} {period}, according to {actor}.",
    "According to {actor}, {subject} in {place} {fig} {period}; {filler}.",
]
_QUOTES_ES = [
    "Según {actor}, {place} registró {fig} {period}.",
    "De acuerdo con datos de {actor}, {place} sumó {fig} {period}, {filler_es}.",
]
_QUOTES_CHANGE_ES = [
    "Según {actor}, las cifras de {subject} en {place} {fig} {period}.",
]
_FILLERS = [
    "the highest figure in the series", "a figure the agency revised later", "the latest year available",
    "a number that officials disputed", "figures that rights groups consider an undercount",
    "up from the year before", "according to the annual report", "data obtained through a transparency request",
]
_FILLERS_ES = ["la cifra más alta de la serie", "según el informe anual", "de acuerdo con una solicitud de transparencia"]


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def generate(n: int, seed: int = 1):
    """``(sources, claims)``: plain dicts, in the order they are written."""
    rng = random.Random(seed)
    sources = {}
    for j in range(max(5, min(400, n // 200))):
        publisher = rng.choice(_PUBLISHERS)
        year = rng.randint(1995, 2025)
        date = dt.date(year, rng.randint(1, 12), rng.randint(1, 28)).isoformat()
        name = f"{slug(publisher)[:24].strip('-')}-{year}-{j}"
        sources[name] = {
            "publisher": publisher,
            "title": f"{rng.choice(MEASURES).subject.capitalize()} and other figures: report {j}",
            "authors": [f"Author {rng.randint(1, 300)}" for _ in range(rng.randint(0, 2))],
            "date": date,
            "url": f"https://example.org/{slug(publisher)}/{year}/{j}",
        }
    source_names = list(sources)
    claims = []
    serial = 0
    while len(claims) < n:
        measure = rng.choice(MEASURES)
        place = rng.choice(PLACES)
        actor = rng.choice(ACTORS_FOR[measure.domain])
        k = min(rng.choice([1, 1, 1, 2, 3, 4, 5, 6, 8, 10]), n - len(claims))
        periods = _series_periods(rng, k)
        series = f"{measure.slug}-{place.slug}-{serial}" if len(periods) > 1 else ""
        source = rng.choice(source_names)
        value = _magnitude(rng, measure.unit)
        previous = None
        for period in periods:
            serial += 1
            spanish = rng.random() < 0.2
            fig, text_en, text_es, kind = _figure_for(rng, measure, period, value, previous)
            figures = [fig]
            if rng.random() < 0.08 and kind == "level" and measure.unit in ("people", "count"):
                # a second count in the same sentence, with its own label
                other = float(max(1, int(value * rng.uniform(0.01, 0.5))))
                other = _avoid_year(other)
                figures.append({"value": other, "unit": "count", "period": fig["period"],
                                "label": ["cases investigated", "casos investigados"]})
                text_en += f", of which {number_en(other)} cases investigated"
                text_es += f", de los cuales {number_es(other)} casos investigados"
            change = kind == "change"
            values = {
                "actor": actor.es if spanish else rng.choice([actor.name, actor.short]),
                "Actor": _cap(actor.es if spanish else rng.choice([actor.name, actor.short])),
                "place": place.es if spanish else place.name,
                "subject": rng.choice(measure.kw_es) if spanish else measure.subject,
                "Subject_cap": _cap(measure.subject),
                "fig": text_es if spanish else text_en,
                "period": period_es(*period) if spanish else period_en(*period),
                "Period_cap": _cap(period_en(*period)),
                "filler": rng.choice(_FILLERS), "filler_es": rng.choice(_FILLERS_ES),
            }
            if spanish:
                template = rng.choice(_QUOTES_CHANGE_ES if change else _QUOTES_ES)
            else:
                template = rng.choice(_QUOTES_CHANGE_EN if change else _QUOTES_EN)
            quote = template.format(**values)
            statement = (f"{_cap(measure.subject)} in {place.name} {text_en} {period_en(*period)}, "
                         f"according to {actor.name}." if change else
                         f"{_cap(actor.name)} recorded {text_en} ({measure.subject}) in {place.name} "
                         f"{period_en(*period)}.")
            keywords = list(dict.fromkeys(
                [*rng.sample(measure.kw_en, k=min(len(measure.kw_en), rng.randint(2, 3))),
                 *rng.sample(measure.kw_es, k=min(len(measure.kw_es), rng.randint(2, 3)))]))
            aliases = list(dict.fromkeys([actor.short, actor.es, place.es] + ([place.name] if rng.random() < 0.3 else [])))
            claim = {
                "id": f"syn-{measure.slug}-{place.slug}-{slug(_iso(*period))}-{serial}",
                "statement": statement,
                "subject": measure.subject,
                "actor": actor.name,
                "place": place.name,
                "series": series,
                "keywords": keywords,
                "aliases": aliases,
                "figures": figures,
                "quote": quote,
                "source": source,
            }
            if rng.random() < 0.3:
                claim["cites"] = rng.sample([actor.name, f"{actor.short} annual report",
                                             "official statistics", "a transparency request"], k=rng.randint(1, 3))
            if not series:
                del claim["series"]
            claims.append(claim)
            previous = (value, period)
            value = max(10.0, round(value * rng.uniform(0.7, 1.45))) if measure.unit != "pct" else \
                round(min(99.0, max(0.5, value * rng.uniform(0.8, 1.2))), 1)
            if measure.unit == "usd":
                value = float(int(value / 1e6) * 1_000_000) or 1_000_000.0
            value = _avoid_year(value)
    return sources, claims


# ------------------------------------------------------------------------------------------------
# YAML
# ------------------------------------------------------------------------------------------------

_PLAIN_RE = re.compile(r"^[A-Za-z\u00c0-\u024f][\w\u00c0-\u024f .'()/-]*$")
_YAML_WORDS = {"yes", "no", "on", "off", "true", "false", "null", "y", "n", "~"}


def q(text: str) -> str:
    """A YAML scalar: plain where that is safe, else JSON (a valid YAML double-quoted string)."""
    if _PLAIN_RE.match(text) and text.lower() not in _YAML_WORDS and not text.endswith(" ") \
            and ": " not in text and " #" not in text:
        return text
    return json.dumps(text, ensure_ascii=False)


def _flow(items) -> str:
    return "[" + ", ".join(q(str(i)) for i in items) + "]"


def _num(value: float) -> str:
    return str(int(value)) if value == int(value) else repr(value)


def dump(sources: dict, claims: list[dict], out) -> None:
    out.write("# Synthetic table for claimcheck's benchmarks (benchmarks/synthetic_table.py). Not real data.\n")
    out.write("version: 1\n\nsources:\n")
    for name, s in sources.items():
        out.write(f"  {name}:\n    publisher: {q(s['publisher'])}\n    title: {q(s['title'])}\n"
                  f"    authors: {_flow(s['authors'])}\n    date: \"{s['date']}\"\n    url: {s['url']}\n\n")
    out.write("claims:\n")
    for c in claims:
        lines = [f"  - id: {c['id']}", f"    statement: {q(c['statement'])}", f"    subject: {q(c['subject'])}",
                 f"    actor: {q(c['actor'])}", f"    place: {q(c['place'])}"]
        if c.get("series"):
            lines.append(f"    series: {c['series']}")
        lines.append(f"    keywords: {_flow(c['keywords'])}")
        lines.append(f"    aliases: {_flow(c['aliases'])}")
        lines.append("    figures:")
        for f in c["figures"]:
            lines.append(f"      - value: {_num(f['value'])}")
            if "high" in f:
                lines.append(f"        high: {_num(f['high'])}")
            lines.append(f"        unit: {f['unit']}")
            for key in ("hedge", "per", "direction"):
                if key in f:
                    lines.append(f"        {key}: {f[key]}")
            if "period" in f:
                lines.append(f"        period: \"{f['period']}\"")
            if "base" in f:
                lines.append(f"        base: \"{f['base']}\"")
            lines.append(f"        label: {_flow(f['label'])}")
        lines.append(f"    quote: {json.dumps(c['quote'], ensure_ascii=False)}")
        lines.append(f"    source: {c['source']}")
        if c.get("cites"):
            lines.append(f"    cites: {_flow(c['cites'])}")
        out.write("\n".join(lines) + "\n\n")


def write_table(path, n: int = 100_000, seed: int = 1) -> list:
    """Write the table; return its claims as light objects with Claim's attributes (for ``sentences``)."""
    sources, claims = generate(n, seed)
    with open(path, "w", encoding="utf-8") as out:
        dump(sources, claims, out)
    return [as_claim(c) for c in claims]


def _parse_iso(text: str):
    parts = text.split("/")

    def one(part, start):
        bits = [int(x) for x in part.split("-")]
        if len(bits) == 1:
            return dt.date(bits[0], 1, 1) if start else dt.date(bits[0], 12, 31)
        if len(bits) == 2:
            return dt.date(bits[0], bits[1], 1) if start else _month_end(bits[0], bits[1])
        return dt.date(*bits)

    return SimpleNamespace(start=one(parts[0], True), end=one(parts[-1], False))


def as_claim(c: dict):
    figures = tuple(SimpleNamespace(value=f["value"], high=f.get("high"), unit=f["unit"],
                                    hedge=f.get("hedge", "exact"), per=f.get("per"),
                                    direction=f.get("direction"),
                                    period=_parse_iso(f["period"]) if "period" in f else None,
                                    base=_parse_iso(f["base"]) if "base" in f else None,
                                    label=tuple(f["label"]))
                    for f in c["figures"])
    return SimpleNamespace(id=c["id"], subject=c["subject"], keywords=tuple(c["keywords"]), actor=c["actor"],
                           place=c["place"], aliases=tuple(c["aliases"]), figures=figures, quote=c["quote"])


# ------------------------------------------------------------------------------------------------
# Sentences to check (for the batch, large-table and lint benchmarks)
# ------------------------------------------------------------------------------------------------

_OTHER_SUBJECTS_EN = [
    "The football club sold {n} season tickets {p}.", "The library lent {n} books {p}.",
    "Sales of electric cars rose {pct} percent {p}.", "The festival drew {n} visitors {p}.",
    "The airline carried {n} pets {p}.", "The city planted {n} trees along the river {p}.",
    "The streaming service added {n} subscribers {p}.", "{P_cap}, the bakery sold {n} loaves of bread.",
]
_OTHER_SUBJECTS_ES = [
    "El club de fútbol vendió {n} abonos {p}.", "La biblioteca prestó {n} libros {p}.",
    "Las ventas de autos eléctricos aumentaron {pct} por ciento {p}.",
]
_NO_FIGURE = [
    "The report was published by {actor} after a long delay.", "Officials in {place} declined to comment.",
    "El informe fue presentado por {actor} ante la prensa.", "Critics say the methodology changed over time.",
]
_OTHER_PLACES = ["Brazil", "Spain", "Canada", "India", "Colombia", "France", "Japan", "Nigeria"]


def _first_spanish(words, fallback):
    """Labels and keywords list English words first, then Spanish ones."""
    for w in words:
        if re.search(r"[áéíóúñ]|ción|ciones|ados\b|idos\b|\bde\b", w.lower()):
            return w
    return words[len(words) // 2] if len(words) >= 2 else fallback


def _first_english(words, fallback):
    for w in words:
        if not re.search(r"[áéíóúñ]|ción|ciones|ados\b|idos\b|\bde\b", w.lower()):
            return w
    return fallback


def _round_sig(value: float, digits: int = 2) -> float:
    if value <= 0:
        return value
    step = 10 ** max(0, len(str(int(value))) - digits)
    return float(round(value / step) * step)


def _wrong(value: float, rng: random.Random) -> float:
    text = str(int(value)) if value == int(value) else f"{value:.1f}"
    digits = [i for i, c in enumerate(text) if c.isdigit()]
    if len(digits) >= 3 and rng.random() < 0.5:  # transpose two digits: 80,353 -> 83,053
        i, j = sorted(rng.sample(digits[1:], 2))
        chars = list(text)
        chars[i], chars[j] = chars[j], chars[i]
        swapped = float("".join(chars))
        if swapped != value:
            return swapped
    factor = rng.choice([0.5, 0.7, 1.4, 2.0, 3.0])
    out = value * factor
    return float(int(out)) if value == int(value) else round(out, 1)


def _figure_text(f, value: float, spanish: bool, hedge: str = "") -> str:
    unit = f.unit
    num = number_es if spanish else number_en
    if unit == "USD":
        body = money_es(value) if spanish else money_en(value)
    elif unit == "percent":
        body = f"{num(value)} por ciento" if spanish else f"{num(value)} percent"
    elif unit in ("miles", "kilometres", "years", "months", "days"):
        es_unit = {"miles": "millas", "kilometres": "kilómetros", "years": "años", "months": "meses",
                   "days": "días"}[unit]
        body = f"{num(value)} {es_unit if spanish else unit}"
    else:
        label = f.label[0] if f.label else ("personas" if spanish else "people")
        if spanish:
            label = _first_spanish(f.label, label)
        else:
            label = _first_english(f.label, label)
        body = f"{num(value)} {label}"
    if f.per:
        body += " al mes" if spanish else f" per {f.per}"
    return (hedge + " " + body).strip()


def sentence_for(claim, rng: random.Random, variant: str | None = None) -> str:
    """One sentence about ``claim``: a true or false figure, a hedge, a wrong period, Spanish..."""
    variant = variant or rng.choices(
        ["true", "hedged", "wrong-number", "wrong-period", "spanish-true", "spanish-wrong", "other-place",
         "bound"], weights=[25, 15, 15, 10, 12, 6, 9, 8])[0]
    figures = [f for f in claim.figures]
    f = rng.choice(figures)
    spanish = variant.startswith("spanish")
    value = f.value
    hedge = ""
    if variant in ("wrong-number", "spanish-wrong"):
        value = _wrong(value, rng)
    elif variant == "hedged":
        value = _round_sig(value)
        hedge = rng.choice(["about", "around", "roughly", "nearly", "some"])
    elif variant == "bound":
        if rng.random() < 0.5:
            value, hedge = _round_sig(value * 0.8, 1) or 1.0, "more than"
        else:
            value, hedge = _round_sig(value * 0.5, 1) or 1.0, "fewer than"
    if f.hedge == "range" and f.high and variant in ("true", "spanish-true"):
        num = number_es if spanish else number_en
        fig_text = (f"entre {num(f.value)} y {num(f.high)}" if spanish else
                    f"between {num(f.value)} and {num(f.high)}")
        fig_text += " " + (_first_spanish(f.label, "personas") if spanish else _first_english(f.label, "people"))
    else:
        if spanish and hedge:
            hedge = {"about": "alrededor de", "around": "alrededor de", "roughly": "unos", "nearly": "casi",
                     "some": "unos", "more than": "más de", "fewer than": "menos de"}[hedge]
        fig_text = _figure_text(f, value, spanish, hedge)
    period = f.period
    if period is not None and variant == "wrong-period":
        shift = rng.choice([-3, -2, -1, 1, 2])
        try:
            period = SimpleNamespace(start=period.start.replace(year=period.start.year + shift),
                                     end=period.end.replace(year=period.end.year + shift))
        except ValueError:
            pass
    when = ""
    if period is not None:
        when = period_es(period.start, period.end) if spanish else period_en(period.start, period.end)
    place = claim.place or "the country"
    if variant == "other-place":
        place = rng.choice(_OTHER_PLACES)
    keyword = (_first_spanish(claim.keywords, claim.subject) if spanish else
               _first_english(claim.keywords, claim.subject))
    place_names = {p.name for p in PLACES} | {p.es for p in PLACES} | {claim.place}
    actor_names = [a for a in (claim.actor, *claim.aliases) if a and a not in place_names and a not in claim.place]
    actor = rng.choice(actor_names) if actor_names else "officials"
    if f.direction:
        if spanish:
            verb = "aumentaron" if f.direction == "up" else "cayeron"
            return f"Según {actor}, las {keyword} en {place} {verb} {fig_text} {when}.".replace("  ", " ")
        verb = "rose" if f.direction == "up" else "fell"
        if variant == "wrong-number" and rng.random() < 0.5:
            verb = "fell" if f.direction == "up" else "rose"  # wrong direction
        return f"{_cap(keyword)} in {place} {verb} {fig_text} {when}, according to {actor}.".replace("  ", " ")
    if spanish:
        template = rng.choice([
            "Según {actor}, en {place} hubo {fig} por {kw} {when}.",
            "{When_cap}, {actor} registró {fig} en {place} ({kw}).",
            "Las {kw} en {place} sumaron {fig} {when}.",
        ])
    else:
        template = rng.choice([
            "According to {actor}, {kw} in {place} reached {fig} {when}.",
            "{When_cap}, {place} recorded {fig} linked to {kw}, {actor} said.",
            "{Actor} reported {fig} in {place} {when} ({kw}).",
            "There were {fig} in {place} {when}, a record for {kw}.",
        ])
    text = template.format(actor=actor, Actor=_cap(actor), place=place, fig=fig_text, kw=keyword, when=when,
                           When_cap=_cap(when) if when else ("Recently" if not spanish else "Recientemente"))
    return re.sub(r"\s+([.,)])", r"\1", re.sub(r"\s{2,}", " ", text))


def filler_sentence(claims, rng: random.Random) -> str:
    """Sentences that are not about any claim: another subject with a table number, or no figure."""
    claim = rng.choice(claims)
    f = rng.choice(claim.figures)
    period = f.period
    spanish = rng.random() < 0.3
    when = ""
    if period is not None:
        when = period_es(period.start, period.end) if spanish else period_en(period.start, period.end)
    if rng.random() < 0.25:
        return rng.choice(_NO_FIGURE).format(actor=claim.actor or "the agency", place=claim.place or "the capital")
    n = number_es(f.value) if spanish else number_en(f.value)
    pct = number_es(min(f.value, 99)) if spanish else number_en(min(f.value, 99))
    template = rng.choice(_OTHER_SUBJECTS_ES if spanish else _OTHER_SUBJECTS_EN)
    return template.format(n=n, pct=pct, p=when or "last year",
                           P_cap=_cap(when) if when else "Last year").replace("  ", " ")


def sentences(claims, n: int, seed: int = 7, extra: list[str] | None = None) -> list[str]:
    """``n`` varied sentences: about 75% about a claim (true/false/hedged/period/Spanish/other place),
    about 15% about other subjects or with no figure, and about 10% from ``extra`` (e.g. eval cases)."""
    rng = random.Random(seed)
    claims = list(claims)
    out = []
    for _ in range(n):
        roll = rng.random()
        if extra and roll < 0.10:
            out.append(rng.choice(extra))
        elif roll < 0.25:
            out.append(filler_sentence(claims, rng))
        else:
            out.append(sentence_for(rng.choice(claims), rng))
    return out


def markdown_document(claims, target_bytes: int, seed: int = 11, extra: list[str] | None = None) -> str:
    """A draft in Markdown of about ``target_bytes``: headings, paragraphs of figure sentences from the
    templates, lists, code blocks, links, a table, front matter."""
    rng = random.Random(seed)
    claims = list(claims)
    parts = ["---\ntitle: Synthetic draft\nauthor: benchmarks\n---\n\n# Migration and public data: a draft\n"]
    size = len(parts[0])
    section = 0
    while size < target_bytes:
        section += 1
        block = []
        block.append(f"\n## Section {section}: {rng.choice(MEASURES).subject}\n")
        for _ in range(rng.randint(2, 5)):
            sents = [sentence_for(rng.choice(claims), rng) if rng.random() < 0.7 else
                     (rng.choice(extra) if extra and rng.random() < 0.3 else filler_sentence(claims, rng))
                     for _ in range(rng.randint(2, 6))]
            if rng.random() < 0.2:
                sents.append(f"See [the source](https://example.org/report/{rng.randint(1, 9999)}).")
            block.append("\n" + " ".join(sents) + "\n")
        roll = rng.random()
        if roll < 0.3:
            block.append("\n" + "\n".join(f"- {sentence_for(rng.choice(claims), rng)}"
                                          for _ in range(rng.randint(2, 5))) + "\n")
        elif roll < 0.45:
            block.append("\n```python\n# figures in code are not checked: 80353, 2017\n"
                         f"total = {rng.randint(1000, 99999)}\nprint(total)\n```\n")
        elif roll < 0.55:
            block.append("\n| year | value |\n| --- | --- |\n" + "".join(
                f"| {2000 + i} | {rng.randint(100, 99999):,} |\n" for i in range(rng.randint(2, 5))))
        elif roll < 0.6:
            block.append(f"\n> {sentence_for(rng.choice(claims), rng)}\n")
        text = "".join(block)
        parts.append(text)
        size += len(text.encode("utf-8"))
    return "".join(parts)


# ------------------------------------------------------------------------------------------------

def _check(path: Path) -> int:
    from claimcheck.table import parse_tables

    claims, problems = parse_tables([path])
    for p in problems[:20]:
        print(p, file=sys.stderr)
    print(f"{path}: {len(claims)} claims, {len(problems)} problems", file=sys.stderr)
    return 1 if problems else 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", help="YAML file to write")
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--check", action="store_true", help="load it with claimcheck's parser and report problems")
    args = parser.parse_args(argv)
    write_table(args.out, args.claims, args.seed)
    size = Path(args.out).stat().st_size
    print(f"wrote {args.out}: {args.claims:,} claims, {size / 1e6:.1f} MB", file=sys.stderr)
    return _check(Path(args.out)) if args.check else 0


if __name__ == "__main__":
    sys.exit(main())
