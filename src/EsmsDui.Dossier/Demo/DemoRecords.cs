using EsmsDui.Dossier.Evaluations;
using Hl7.Fhir.Model;

namespace EsmsDui.Dossier.Demo;

/// <summary>
/// A realistic demo for the quick start: the organisme gestionnaire, its EHPAD, MAS and SSIAD with a nurse each,
/// and one transaction per usager (identity, séjour, projet personnalisé with its accord, besoin, objectif and
/// action, and for elderly people an AGGIR evaluation with its GIR), all declaring the TDDUI profiles.
/// Deterministic: the same seed gives the same names and answers.
/// </summary>
public sealed class DemoRecords(int seed = 42)
{
    private const string Tddui = "https://interop.esante.gouv.fr/ig/fhir/tddui/StructureDefinition/";
    private const string Discriminator = "https://interop.esante.gouv.fr/ig/fhir/tddui/CodeSystem/tddui-discriminator";
    private const string IdNatSt = "urn:oid:1.2.250.1.71.4.2.2";

    private static readonly string[] Families = ["Dupont", "Lefèvre", "Martin", "Bérard", "Chevalier", "Gauthier", "Mercier", "Rousseau", "Lemaître", "Fabre", "Girard", "Moreau", "Béranger", "Perrin", "Morel", "Noël"];
    private static readonly string[] Women = ["Hélène", "Jeanne", "Marguerite", "Thérèse", "Geneviève", "Odette", "Renée", "Céline", "Zoé", "Éliane"];
    private static readonly string[] Men = ["Jean", "André", "René", "François", "Étienne", "Gérard", "Noël", "Léon", "Jérôme", "Benoît"];
    // Each besoin with its SERAFIN-PH need (TDDUI binds ServiceRequest.category to JDV_J285).
    private static readonly (string Besoin, Coding Serafin, string Objectif, string Action)[] Plans =
    [
        ("Besoin en matière de nutrition et d'alimentation.", SerafinPh.Coding("1.1.6", "Besoins en matière de fonctions digestive, métabolique et endocrinienne"), "Stabiliser l'état nutritionnel et retrouver le plaisir de manger.", "Atelier cuisine mensuel avec les résidents."),
        ("Besoin en matière de mobilité et de déplacements.", SerafinPh.Coding("1.2.1.3", "Besoins pour la mobilité"), "Marcher seul jusqu'à la salle à manger d'ici six mois.", "Séances de kinésithérapie deux fois par semaine."),
        ("Besoin relatif à la vie sociale et aux relations.", SerafinPh.Coding("1.3.4.1", "Besoins pour participer à la vie sociale"), "Garder le lien avec la famille et les amis.", "Appel vidéo hebdomadaire accompagné."),
        ("Besoin en matière de sommeil et de repos.", SerafinPh.Coding("1.1.1", "Besoins en matière de fonctions mentales, psychiques, cognitives et du système nerveux"), "Retrouver des nuits complètes.", "Rituel du coucher et suivi du sommeil par l'équipe de nuit."),
    ];

    private readonly Random _random = new(seed);

    /// <summary>The organisme gestionnaire, its establishments and a nurse per establishment, as one transaction.</summary>
    public static Bundle Structures()
    {
        var bundle = Transaction();
        var gestionnaire = Add(bundle, Organization(DemoEstablishment.Gestionnaire, null));
        foreach (var establishment in DemoEstablishment.All)
        {
            Add(bundle, Organization(establishment, gestionnaire));
            Add(bundle, Nurse(establishment));
        }

        return bundle;
    }

    /// <summary>The conditional reference of an establishment (by its idNatSt), valid once <see cref="Structures"/> is stored.</summary>
    public static string EstablishmentReference(DemoEstablishment establishment) => $"Organization?identifier={IdNatSt}|1{establishment?.Finess}";

    /// <summary>The record of usager number <paramref name="number"/> (1, 2…) of <paramref name="establishment"/>, as one transaction.</summary>
    public Bundle Usager(DemoEstablishment establishment, int number, string organization, string nurse)
    {
        ArgumentNullException.ThrowIfNull(establishment);
        var local = $"3{establishment.Finess}/{number:000000}";
        var female = _random.Next(2) == 0;
        var family = Families[_random.Next(Families.Length)];
        var given = female ? Women[_random.Next(Women.Length)] : Men[_random.Next(Men.Length)];
        var birth = establishment.ElderlyPeople ? new DateTime(1928 + _random.Next(25), 1 + _random.Next(12), 1 + _random.Next(28)) : new DateTime(1965 + _random.Next(30), 1 + _random.Next(12), 1 + _random.Next(28));
        var admission = new DateTime(2021 + _random.Next(4), 1 + _random.Next(12), 1 + _random.Next(28));

        var bundle = Transaction();
        var patient = Add(bundle, new Patient
        {
            Meta = Profile("tddui-patient"),
            Identifier = [new Identifier(Identity.InsSystems.LocalUsager, local) { Type = Concept("http://terminology.hl7.org/CodeSystem/v2-0203", "PI", "Patient internal identifier") }],
            Name = [new HumanName { Use = HumanName.NameUse.Official, Family = family, Given = [given] }],
            Gender = female ? AdministrativeGender.Female : AdministrativeGender.Male,
            BirthDateElement = new Date(birth.Year, birth.Month, birth.Day) { Extension = [new Extension(Tddui + "tddui-birth-order", new PositiveInt(1))] },
        });
        Add(bundle, new Encounter
        {
            Meta = Profile("tddui-encounter-sejour"),
            Extension = [new Extension(Tddui + "tddui-admission-date", new FhirDateTime(admission.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)))],
            Identifier =
            [
                new Identifier("https://identifiant-medicosocial-sejour.esante.gouv.fr", $"{local}-SEJOUR-1")
                {
                    Type = Concept("https://interop.esante.gouv.fr/ig/fhir/tddui/CodeSystem/tddui-encounter-identifier", "SEJ", "Identifiant du séjour"),
                },
            ],
            Status = Encounter.EncounterStatus.InProgress,
            Class = new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", establishment.AtHome ? "HH" : "IMP"),
            Subject = new ResourceReference(patient),
            Period = new Period { Start = admission.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) },
            ServiceProvider = new ResourceReference(organization),
        });
        AddProjetPersonnalise(bundle, patient, local, $"{given} {family}", establishment.Kind == "MAS" ? "PPA" : "PP", admission, nurse);
        if (establishment.ElderlyPeople)
        {
            AddEvaluation(bundle, patient, local, admission, nurse);
        }

        return bundle;
    }

    // The type of projet comes from TRE_R390 (JDV_J367): a projet personnalisé, or d'accompagnement in a MAS.
    private void AddProjetPersonnalise(Bundle bundle, string patient, string local, string name, string type, DateTime admission, string nurse)
    {
        var accord = Add(bundle, new Consent
        {
            Meta = Profile("tddui-consent-accord"),
            Status = Consent.ConsentState.Active,
            Scope = Concept("http://terminology.hl7.org/CodeSystem/consentscope", "patient-privacy", "Privacy Consent"),
            Category = [new CodeableConcept("http://loinc.org", "59284-0")],
            DateTime = new DateTimeOffset(admission.AddMonths(2), TimeSpan.FromHours(1)).ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture),
            Performer = [new ResourceReference(nurse)],
            Policy = [new Consent.PolicyComponent { Authority = "https://www.cnsa.fr/" }],
        });
        var carePlan = Add(bundle, new CarePlan
        {
            Meta = Profile("tddui-careplan-projet-personnalise"),
            Identifier = [new Identifier("https://identifiant-medicosocial-projetpersonnalise.esante.gouv.fr", $"{local}-PPER-1")],
            Status = RequestStatus.Active,
            Intent = CarePlan.CarePlanIntent.Plan,
            Title = $"Projet personnalisé de {name}",
            Category = [new CodeableConcept { Coding = [new Coding("https://smt.esante.gouv.fr/fhir/CodeSystem/tre-r390-type-projet-personnalise", type)] }],
            Subject = new ResourceReference(patient),
            SupportingInfo = [new ResourceReference(accord) { Extension = [Discriminated("accordStructure")] }],
        });
        var plan = Plans[_random.Next(Plans.Length)];
        var besoin = Add(bundle, new ServiceRequest
        {
            Meta = Profile("tddui-service-request-besoin"),
            Identifier = [new Identifier("https://identifiant-medicosocial-besoin.esante.gouv.fr", $"{local}-BESO-1")],
            BasedOn = [new ResourceReference(carePlan)],
            Status = RequestStatus.Active,
            Intent = RequestIntent.Plan,
            Category = [new CodeableConcept { Coding = [plan.Serafin] }],
            Code = new CodeableConcept { Text = plan.Besoin },
            Subject = new ResourceReference(patient),
        });
        var objectif = Add(bundle, new Goal
        {
            Meta = Profile("tddui-goal-objectif"),
            Extension = [new Extension(Tddui + "tddui-careplan-reference", new ResourceReference(carePlan))],
            Identifier = [new Identifier("https://identifiant-medicosocial-objectif.esante.gouv.fr", $"{local}-OBJE-1")],
            LifecycleStatus = Goal.GoalLifecycleStatus.Active,
            Description = new CodeableConcept { Text = plan.Objectif },
            Subject = new ResourceReference(patient),
            Addresses = [new ResourceReference(besoin)],
            Note = [new Annotation { Text = "Objectif 1", Extension = [Discriminated("titreObjectif")] }],
        });
        Add(bundle, new Hl7.Fhir.Model.Task
        {
            Meta = Profile("tddui-task-action"),
            Identifier = [new Identifier("https://identifiant-medicosocial-action.esante.gouv.fr", $"{local}-ACTI-1")],
            BasedOn = [new ResourceReference(carePlan)],
            Status = Hl7.Fhir.Model.Task.TaskStatus.InProgress,
            Intent = Hl7.Fhir.Model.Task.TaskIntent.Plan,
            Description = plan.Action,
            Owner = new ResourceReference { Display = "Équipe soignante" },
            Input =
            [
                new Hl7.Fhir.Model.Task.ParameterComponent { Type = ActionInput("titre"), Value = new FhirString("Action pour atteindre l'objectif 1") },
                new Hl7.Fhir.Model.Task.ParameterComponent { Type = ActionInput("objectif"), Value = new ResourceReference(objectif) },
            ],
        });
    }

    // An AGGIR evaluation with answers drawn per variable, its GIR by the official algorithm, and the GIR Observation.
    private void AddEvaluation(Bundle bundle, string patient, string local, DateTime admission, string nurse)
    {
        var response = AggirAnswers.Draw(_random);
        response.Meta = Profile("tddui-questionnaire-response");
        response.Identifier = new Identifier("https://identifiant-medicosocial-evaluation.esante.gouv.fr", $"{local}-EVAL-1");
        response.Subject = new ResourceReference(patient);
        response.Authored = admission.AddDays(15).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        response.Source = new ResourceReference(nurse);
        var evaluation = AggirQuestionnaireResponse.Read(response);
        var gir = AggirAlgorithm.Gir(evaluation.Modalities);
        response.Item[0].Answer = [new QuestionnaireResponse.AnswerComponent { Value = EvaluationCodes.GirCoding(gir), Item = response.Item[0].Answer[0].Item }];
        var evaluationUrl = Add(bundle, response);
        var observation = GirObservation.Build(response, "x", evaluation, AggirAlgorithm.Rank(evaluation.Modalities), gir, DateTimeOffset.UtcNow);
        observation.DerivedFrom = [new ResourceReference(evaluationUrl)];
        Add(bundle, observation);
    }

    private static Organization Organization(DemoEstablishment establishment, string? partOf) => new()
    {
        Meta = Profile("tddui-organization"),
        Identifier = [new Identifier(IdNatSt, "1" + establishment.Finess) { Type = new CodeableConcept("https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-v2-0203", "IDNST") }],
        Name = establishment.Name,
        PartOf = partOf is null ? null : new ResourceReference(partOf),
    };

    private static Practitioner Nurse(DemoEstablishment establishment) => new()
    {
        Meta = Profile("tddui-practitioner"),
        Identifier = [new Identifier("urn:oid:1.2.250.1.71.4.2.1", "1010" + establishment.Finess[2..])],
        Name = [new HumanName { Family = "Bernard", Given = ["Élodie"], Prefix = ["MME"] }],
        Qualification =
        [
            new Practitioner.QualificationComponent
            {
                Code = Concept("https://mos.esante.gouv.fr/NOS/TRE_R48-DiplomeEtatFrancais/FHIR/TRE-R48-DiplomeEtatFrancais", "DE09", "DE Infirmier"),
            },
        ],
    };

    // CodeableConcept(system, code, text) would put the display in text: profiles pattern on the coding's display.
    private static CodeableConcept Concept(string system, string code, string display) => new() { Coding = [new Coding(system, code, display)] };

    private static Extension Discriminated(string code) =>
        new(Tddui + "tddui-discriminator", new CodeableConcept(Discriminator, code));

    private static CodeableConcept ActionInput(string code) => new("https://interop.esante.gouv.fr/ig/fhir/tddui/CodeSystem/tddui-task-input-action", code);

    private static Meta Profile(string name) => new() { Profile = [Tddui + name] };

    private static Bundle Transaction() => new() { Type = Bundle.BundleType.Transaction };

    // Adds a POST entry under a new urn:uuid full URL and returns that URL (for references inside the transaction).
    private static string Add(Bundle bundle, Resource resource)
    {
        var fullUrl = $"urn:uuid:{Guid.NewGuid()}";
        bundle.Entry.Add(new Bundle.EntryComponent
        {
            FullUrl = fullUrl,
            Resource = resource,
            Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.POST, Url = resource.TypeName },
        });
        return fullUrl;
    }
}
