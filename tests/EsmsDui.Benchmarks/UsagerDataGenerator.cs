using Hl7.Fhir.Model;

namespace EsmsDui.Benchmarks;

/// <summary>Realistic usager records: French names with accents, INS-style identifiers, séjours, observations, care plans.</summary>
internal sealed class UsagerDataGenerator(int seed)
{
    private static readonly string[] Families = ["Dupont", "Lefèvre", "Müller", "Gauthier", "Bérénice", "Çelik", "Nguyễn", "Le Goff", "Faure-Délépine", "Moreau", "Rousseau", "Benoît"];
    private static readonly string[] FamilyStarts = ["Bé", "Cha", "Dé", "Fau", "Gi", "Hé", "La", "Lé", "Ma", "Mé", "No", "Pé", "Ro", "Sé", "Tho", "Val", "Ver", "Bou", "Cou", "Mou"];
    private static readonly string[] FamilyEnds = ["rard", "lène", "chet", "bert", "vreau", "gnon", "zière", "ïde", "mond", "ret", "ssier", "vel", "çon", "tin", "nier", "rot", "card", "lin", "quet", "noît"];
    private static readonly string[] FamilyTails = ["", "-Durand", "-Petit", "-Lambert", "-Garnier", "-Faure", "-Roux", "-Fontaine", "-Chevalier", "-Robin"];
    private static readonly string[] Givens = ["Hélène", "Jean-François", "Zoé", "Éloïse", "Maël", "Noémie", "Gérard", "Françoise", "Loïc", "Anaïs", "Raphaël", "Léa"];
    private static readonly (string Code, string Display, string Unit)[] Vitals =
    [
        ("29463-7", "Poids", "kg"), ("8302-2", "Taille", "cm"), ("8867-4", "Fréquence cardiaque", "/min"),
        ("8480-6", "Pression systolique", "mm[Hg]"), ("8462-4", "Pression diastolique", "mm[Hg]"), ("8310-5", "Température", "Cel"),
    ];

    private readonly Random _random = new(seed);

    public Patient Patient() => new()
    {
        Identifier = [new Identifier("urn:oid:1.2.250.1.213.1.4.8", Ins()) { Type = new CodeableConcept("https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-v2-0203", "INS-NIR") }],
        Name = [new HumanName { Use = HumanName.NameUse.Official, Family = Family(), Given = [Pick(Givens), Pick(Givens)] }],
        Gender = _random.Next(2) == 0 ? AdministrativeGender.Female : AdministrativeGender.Male,
        BirthDate = $"19{_random.Next(20, 60)}-{_random.Next(1, 13):00}-{_random.Next(1, 29):00}",
        Address = [new Address { Line = [$"{_random.Next(1, 200)} rue de la République"], City = "Saint-Étienne", PostalCode = "42000", Country = "FR" }],
    };

    // A NIR-shaped matricule with its right key (97 - number mod 97): the server refuses a wrong key.
    private string Ins()
    {
        var number = (_random.Next(1, 3) * 1_000_000_000_000L) + _random.NextInt64(0, 1_000_000_000_000);
        return $"{number}{97 - (number % 97):00}";
    }

    /// <summary>One usager's record as transaction entries: patient, séjour, observations, projet personnalisé.</summary>
    public IEnumerable<Bundle.EntryComponent> Record(int observations)
    {
        var patientUrl = "urn:uuid:" + Guid.NewGuid();
        yield return Post(patientUrl, Patient());
        var encounterUrl = "urn:uuid:" + Guid.NewGuid();
        yield return Post(encounterUrl, new Encounter
        {
            Status = Encounter.EncounterStatus.InProgress,
            Class = new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "IMP"),
            Subject = new ResourceReference(patientUrl),
            Period = new Period { Start = $"20{_random.Next(15, 24)}-{_random.Next(1, 13):00}-01" },
        });
        for (var i = 0; i < observations; i++)
        {
            var (code, display, unit) = Pick(Vitals);
            yield return Post("urn:uuid:" + Guid.NewGuid(), new Observation
            {
                Status = ObservationStatus.Final,
                Category = [new CodeableConcept("http://terminology.hl7.org/CodeSystem/observation-category", "vital-signs")],
                Code = new CodeableConcept("http://loinc.org", code, display),
                Subject = new ResourceReference(patientUrl),
                Encounter = new ResourceReference(encounterUrl),
                Effective = new FhirDateTime($"2024-{_random.Next(1, 13):00}-{_random.Next(1, 29):00}T{_random.Next(7, 20):00}:00:00+01:00"),
                Value = new Quantity((decimal)Math.Round(_random.NextDouble() * 100, 1), unit, "http://unitsofmeasure.org"),
            });
        }

        yield return Post("urn:uuid:" + Guid.NewGuid(), new CarePlan
        {
            Status = RequestStatus.Active,
            Intent = CarePlan.CarePlanIntent.Plan,
            Title = "Projet personnalisé",
            Subject = new ResourceReference(patientUrl),
            Period = new Period { Start = "2024-01-01", End = "2024-12-31" },
        });
    }

    /// <summary>One of 4,000 family names (a twelfth of them common ones), so that a name search is selective.</summary>
    public string Family() => _random.Next(12) == 0 ? Pick(Families) : Pick(FamilyStarts) + Pick(FamilyEnds) + Pick(FamilyTails);

    private static Bundle.EntryComponent Post(string fullUrl, Resource resource) => new()
    {
        FullUrl = fullUrl,
        Resource = resource,
        Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.POST, Url = resource.TypeName },
    };

    private T Pick<T>(T[] items) => items[_random.Next(items.Length)];
}
