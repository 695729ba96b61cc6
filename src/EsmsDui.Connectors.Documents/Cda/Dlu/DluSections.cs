using System.Globalization;
using System.Xml.Linq;
using EsmsDui.Connectors.Documents.Xds;
using static EsmsDui.Connectors.Documents.Cda.CdaElements;

namespace EsmsDui.Connectors.Documents.Cda.Dlu;

/// <summary>
/// The sections of the DLU-EHPAD volet with the IHE PCC and CI-SIS templates of each section and entry, as the
/// volet's official example writes them; each entry's text refers to its line in the section's narrative.
/// </summary>
internal static class DluSections
{
    private static readonly XdsCode NoDrugTherapy = new("182849000", DluVocabulary.Snomed, "pas de traitement médicamenteux prescrit");

    private static readonly XdsCode DiagnosticInterpretation = new("282291009", DluVocabulary.Snomed, "interprétation diagnostique");

    // The volet requires an FR-Disposition entry: an unknown preference is an entry without recipient.
    public static XElement PreferredHospital(DluEstablishment? hospital)
    {
        var code = new XdsCode("11302-7", Loinc, "Etablissement de santé de préférence");
        return Section(["1.3.6.1.4.1.19376.1.5.3.1.1.13.2.10", "1.2.250.1.213.1.1.2.172"], code, "Etablissement de santé de préférence",
            Text(Content("dispo-1", hospital?.Name ?? "Non renseigné")),
            [Entry(new XElement(V3 + "act", new XAttribute("classCode", "ACT"), new XAttribute("moodCode", "INT"),
                Templates("1.3.6.1.4.1.19376.1.5.3.1.1.10.4.2", "1.2.250.1.213.1.1.3.97"), NewId(), Code("code", code), Reference("dispo-1"),
                Status("normal"), Null("effectiveTime", "NAV"),
                hospital is null ? null : new XElement(V3 + "participant", new XAttribute("typeCode", "DST"), Null("time", "NAV"),
                    new XElement(V3 + "participantRole", new XAttribute("classCode", "ROL"),
                        hospital.IdNatStruct is { } id ? Id(Hl7V2.IdNatStructOid, id) : Null("id", "UNK"),
                        hospital.Phone is { Length: > 0 } phone ? new XElement(V3 + "telecom", new XAttribute("value", "tel:" + phone)) : null,
                        new XElement(V3 + "playingEntity", new XElement(V3 + "name", hospital.Name))))))]);
    }

    public static XElement Problems(IReadOnlyList<DluProblem> problems, bool active)
    {
        var prefix = active ? "pb" : "atcd";
        var rows = problems.Select((p, i) => Row(Cell(Date(p.Start)), Cell(Date(p.End)), Cell(Content($"{prefix}-{i + 1}", p.Text))));
        var entries = problems.Select((p, i) => Entry(new XElement(V3 + "act", new XAttribute("classCode", "ACT"), new XAttribute("moodCode", "EVN"),
            Templates("2.16.840.1.113883.10.20.1.27", "1.3.6.1.4.1.19376.1.5.3.1.4.5.1", "1.3.6.1.4.1.19376.1.5.3.1.4.5.2", "1.2.250.1.213.1.1.3.39"),
            NewId(), Null("code"), Status(active ? "active" : "completed"),
            Interval(p.Start, p.End, closed: !active),
            new XElement(V3 + "entryRelationship", new XAttribute("typeCode", "SUBJ"), new XAttribute("inversionInd", "false"),
                new XElement(V3 + "observation", new XAttribute("classCode", "OBS"), new XAttribute("moodCode", "EVN"), new XAttribute("negationInd", "false"),
                    Templates("2.16.840.1.113883.10.20.1.28", "1.3.6.1.4.1.19376.1.5.3.1.4.5", "1.2.250.1.213.1.1.3.37"),
                    NewId(), Code("code", DiagnosticInterpretation), Reference($"{prefix}-{i + 1}"), Status("completed"),
                    Interval(p.Start, p.End, closed: !active),
                    Coded("value", p.Code, $"{prefix}-{i + 1}"))))));
        return active
            ? Section(["2.16.840.1.113883.10.20.1.11", "1.3.6.1.4.1.19376.1.5.3.1.3.6", "1.2.250.1.213.1.1.2.132"],
                new XdsCode("11450-4", Loinc, "Liste des problèmes actifs"), "Pathologies en cours", Table(["Depuis", "Jusqu'au", "Pathologie"], rows), entries)
            : Section(["1.3.6.1.4.1.19376.1.5.3.1.3.8", "1.2.250.1.213.1.1.2.134"],
                new XdsCode("11348-0", Loinc, "Antécédents médicaux"), "Antécédents médicaux", Table(["Depuis", "Jusqu'au", "Antécédent"], rows), entries);
    }

    public static XElement Allergies(IReadOnlyList<DluAllergy> allergies)
    {
        var rows = allergies.Select((a, i) => Row(Cell(Date(a.Start)), Cell(a.Kind.Display), Cell(Content($"allergie-{i + 1}", a.Agent))));
        var entries = allergies.Select((a, i) => Entry(new XElement(V3 + "act", new XAttribute("classCode", "ACT"), new XAttribute("moodCode", "EVN"),
            Templates("2.16.840.1.113883.10.20.1.27", "1.3.6.1.4.1.19376.1.5.3.1.4.5.1", "1.3.6.1.4.1.19376.1.5.3.1.4.5.3", "1.2.250.1.213.1.1.3.40"),
            NewId(), Null("code"), Status("active"), Interval(a.Start, null, closed: false),
            new XElement(V3 + "entryRelationship", new XAttribute("typeCode", "SUBJ"), new XAttribute("inversionInd", "false"),
                new XElement(V3 + "observation", new XAttribute("classCode", "OBS"), new XAttribute("moodCode", "EVN"),
                    Templates("2.16.840.1.113883.10.20.1.18", "2.16.840.1.113883.10.20.1.28", "1.3.6.1.4.1.19376.1.5.3.1.4.5", "1.3.6.1.4.1.19376.1.5.3.1.4.6", "1.2.250.1.213.1.1.3.41"),
                    NewId(), Code("code", a.Kind), Reference($"allergie-{i + 1}"), Status("completed"), Interval(a.Start, null, closed: false),
                    Coded("value", null, $"allergie-{i + 1}"),
                    new XElement(V3 + "participant", new XAttribute("typeCode", "CSM"),
                        new XElement(V3 + "participantRole", new XAttribute("classCode", "MANU"),
                            new XElement(V3 + "playingEntity", new XAttribute("classCode", "MMAT"),
                                Coded("code", a.AgentCode, $"allergie-{i + 1}"), new XElement(V3 + "name", a.Agent)))))))));
        return Section(["2.16.840.1.113883.10.20.1.2", "1.3.6.1.4.1.19376.1.5.3.1.3.13", "1.2.250.1.213.1.1.2.137"],
            new XdsCode("48765-2", Loinc, "Allergies et intolérances"), "Allergies et hypersensibilités", Table(["Depuis", "Type", "Agent"], rows), entries);
    }

    public static XElement Treatments(IReadOnlyList<DluTreatment> treatments)
    {
        var rows = treatments.Select((t, i) => Row(Cell(Date(t.Start)), Cell(Date(t.End)), Cell(Content($"trt-{i + 1}", t.Medication)), Cell(t.Dosage ?? string.Empty)));
        var entries = treatments.Select((t, i) => Entry(new XElement(V3 + "substanceAdministration", new XAttribute("classCode", "SBADM"), new XAttribute("moodCode", "INT"),
            Templates("2.16.840.1.113883.10.20.1.24", "1.3.6.1.4.1.19376.1.5.3.1.4.7", "1.2.250.1.213.1.1.3.42", "1.3.6.1.4.1.19376.1.5.3.1.4.7.1"),
            NewId(), Reference($"trt-{i + 1}"), Status("completed"),
            Typed(Interval(t.Start, t.End, closed: true), "IVL_TS"),
            Product(t.Medication, t.Code, $"trt-{i + 1}"))));
        if (treatments.Count == 0)
        {
            // IHE PCC's way to say there is none: a Medications entry coded "no drug therapy prescribed".
            entries = [Entry(new XElement(V3 + "substanceAdministration", new XAttribute("classCode", "SBADM"), new XAttribute("moodCode", "INT"),
                Templates("2.16.840.1.113883.10.20.1.24", "1.3.6.1.4.1.19376.1.5.3.1.4.7", "1.2.250.1.213.1.1.3.42", "1.3.6.1.4.1.19376.1.5.3.1.4.7.1"),
                NewId(), Code("code", NoDrugTherapy), Reference("trt-0"), Status("completed"),
                Typed(Interval(null, null, closed: true), "IVL_TS"), Product(NoDrugTherapy.Display, null, "trt-0")))];
        }

        return Section(["2.16.840.1.113883.10.20.1.8", "1.3.6.1.4.1.19376.1.5.3.1.3.19", "1.2.250.1.213.1.1.2.143"],
            new XdsCode("10160-0", Loinc, "Historique de la prise médicamenteuse"), "Traitements au long cours",
            treatments.Count == 0 ? Text(new XElement(V3 + "paragraph", Content("trt-0", "Aucun traitement au long cours enregistré."))) : Table(["Depuis", "Jusqu'au", "Médicament", "Posologie"], rows), entries);
    }

    public static XElement AdvanceDirectives(bool? written)
    {
        var code = new XdsCode("42348-3", Loinc, "Directives anticipées");
        return Section(["2.16.840.1.113883.10.20.1.1", "1.3.6.1.4.1.19376.1.5.3.1.3.34", "1.3.6.1.4.1.19376.1.5.3.1.3.35", "1.2.250.1.213.1.1.2.157"],
            code, "Directives anticipées", Table(["Directive", "Choix du résident"], [Row(Cell(Content("da-1", "Directives anticipées")), Cell(YesNo(written)))]),
            [Entry(new XElement(V3 + "observation", new XAttribute("classCode", "OBS"), new XAttribute("moodCode", "EVN"),
                Templates("2.16.840.1.113883.10.20.1.17", "1.3.6.1.4.1.19376.1.5.3.1.4.13", "1.3.6.1.4.1.19376.1.5.3.1.4.13.7", "1.2.250.1.213.1.1.3.54"),
                NewId(), Code("code", code), Reference("da-1"), Status("completed"), Null("effectiveTime", "NA"), Boolean(written)))]);
    }

    // Every item the DLU asks about is answered: as recorded, or "non renseigné" (nullFlavor UNK).
    public static XElement State(IReadOnlyList<(XdsCode Code, bool Holds)> state)
    {
        var answers = DluVocabulary.State.Select(code => (Code: code, Holds: state.Where(s => s.Code.Code == code.Code).Select(s => (bool?)s.Holds).FirstOrDefault())).ToList();
        return Section(["1.3.6.1.4.1.19376.1.5.3.1.1.21.2.9", "1.3.6.1.4.1.19376.1.7.3.1.1.13.7", "1.2.250.1.213.1.1.2.163"],
            new XdsCode("42545-4", Loinc, "Evènements observés"), "Observations",
            Table(["Etat du résident", "Observation"], answers.Select((s, i) => Row(Cell(Content($"etat-{i + 1}", s.Code.Display)), Cell(YesNo(s.Holds))))),
            answers.Select((s, i) => SimpleObservation(s.Code, $"etat-{i + 1}", s.Holds)));
    }

    public static XElement MultiResistantBacteria(bool? carrier) =>
        Section(["1.3.6.1.4.1.19376.1.5.3.1.3.27", "1.3.6.1.4.1.19376.1.5.3.1.3.28", "1.2.250.1.213.1.1.2.151"],
            new XdsCode("30954-2", Loinc, "Résultats d'examens"), "Résultats d'examens",
            Table(["Question", "Réponse"], [Row(Cell(Content("bmr-1", "Le résident porte-t-il une bactérie multirésistante ?")), Cell(YesNo(carrier)))]),
            [
                Entry(new XElement(V3 + "procedure", new XAttribute("classCode", "PROC"), new XAttribute("moodCode", "EVN"),
                    Templates("1.3.6.1.4.1.19376.1.5.3.1.4.19", "2.16.840.1.113883.10.20.1.29", "1.2.250.1.213.1.1.3.62"),
                    NewId(), Null("code"), Reference("bmr-1"), Status("completed"))),
                SimpleObservation(DluVocabulary.MultiResistantBacteria, "bmr-1", carrier),
            ]);

    public static XElement Vaccinations(IReadOnlyList<DluVaccination> vaccinations)
    {
        var rows = vaccinations.Select((v, i) => Row(Cell(Content($"vac-{i + 1}", v.Vaccine)), Cell(Date(v.Date))));
        var entries = vaccinations.Select((v, i) => Entry(new XElement(V3 + "substanceAdministration", new XAttribute("classCode", "SBADM"), new XAttribute("moodCode", "EVN"), new XAttribute("negationInd", "false"),
            Templates("2.16.840.1.113883.10.20.1.24", "1.3.6.1.4.1.19376.1.5.3.1.4.12", "1.2.250.1.213.1.1.3.45"),
            NewId(), Code("code", new XdsCode("IMMUNIZ", "2.16.840.1.113883.5.4", "Immunization")), Reference($"vac-{i + 1}"), Status("completed"),
            v.Date is { } given ? CdaElements.Date("effectiveTime", given) : Null("effectiveTime", "UNK"),
            Null("doseQuantity"),
            Product(v.Vaccine, v.Code, $"vac-{i + 1}"))));
        return Section(["2.16.840.1.113883.10.20.1.6", "1.3.6.1.4.1.19376.1.5.3.1.3.23", "1.2.250.1.213.1.1.2.147"],
            new XdsCode("11369-6", Loinc, "Historique des vaccinations"), "Vaccinations", Table(["Vaccin", "Date"], rows), entries);
    }

    public static XElement Comments(IReadOnlyList<string> lines) =>
        Section(["2.16.840.1.113883.10.12.201", "1.3.6.1.4.1.19376.1.4.1.2.16", "1.2.250.1.213.1.1.2.73"],
            new XdsCode("55112-7", Loinc, "Commentaire"), "Commentaires", Text([.. lines.Select(Paragraph)]), []);

    // One FR-Document-attache per item of the checklist: the PDF when it is annexed, nullFlavor NA when it is not.
    public static XElement Attachments(IReadOnlyList<DluAttachment> attachments)
    {
        var items = DluVocabulary.Checklist.Select((type, i) => (Type: type, Row: i + 1, Attached: attachments.FirstOrDefault(a => a.Type.Code == type.Code))).ToList();
        var rows = items.Select(item => Row(Cell(Content($"doc-{item.Row}", item.Type.Display)), item.Attached is null
            ? Cell("non")
            : new XElement(V3 + "td", "oui", new XElement(V3 + "renderMultiMedia", new XAttribute("referencedObject", $"piece-{item.Row}")))));
        var entries = items.Select(item => Entry(new XElement(V3 + "organizer", new XAttribute("classCode", "CLUSTER"), new XAttribute("moodCode", "EVN"),
            Templates("1.2.250.1.213.1.1.3.18"), NewId(), Code("code", new XdsCode("55107-7", Loinc, "Document attaché")), Status("completed"),
            new XElement(V3 + "component", new XElement(V3 + "observation", new XAttribute("classCode", "OBS"), new XAttribute("moodCode", "EVN"),
                Templates("1.3.6.1.4.1.19376.1.5.3.1.4.13", "1.2.250.1.213.1.1.3.48", "1.2.250.1.213.1.1.3.48.18"),
                NewId(), Code("code", new XdsCode("69764-9", Loinc, "Type de document")), Reference($"doc-{item.Row}"), Status("completed"), Null("effectiveTime"),
                Typed(Code("value", item.Type), "CD"))),
            new XElement(V3 + "component", new XElement(V3 + "observationMedia", new XAttribute("classCode", "OBS"), new XAttribute("moodCode", "EVN"), new XAttribute("ID", $"piece-{item.Row}"),
                item.Attached is { } attached
                    ? new XElement(V3 + "value", new XAttribute("mediaType", "application/pdf"), new XAttribute("representation", "B64"), Convert.ToBase64String(attached.Pdf.Span))
                    : new XElement(V3 + "value", new XAttribute("nullFlavor", "NA")))))));
        return Section(["1.2.250.1.213.1.1.2.37"], new XdsCode("55107-7", Loinc, "Documents ajoutés"), "Checklist des documents annexés au DLU",
            Table(["Document", "Annexé au DLU"], rows), entries);
    }

    private static XElement SimpleObservation(XdsCode code, string textId, bool? value) =>
        Entry(new XElement(V3 + "observation", new XAttribute("classCode", "OBS"), new XAttribute("moodCode", "EVN"),
            Templates("1.3.6.1.4.1.19376.1.5.3.1.4.13", "1.2.250.1.213.1.1.3.48"),
            NewId(), Code("code", code), Reference(textId), Status("completed"), Null("effectiveTime", "NA"), Boolean(value)));

    private static XElement Product(string name, XdsCode? code, string textId) =>
        new(V3 + "consumable", new XAttribute("typeCode", "CSM"), new XElement(V3 + "manufacturedProduct",
            Templates("2.16.840.1.113883.10.20.1.53", "1.3.6.1.4.1.19376.1.5.3.1.4.7.2", "1.2.250.1.213.1.1.3.43"),
            new XElement(V3 + "manufacturedMaterial", new XAttribute("classCode", "MMAT"), Coded("code", code, textId), new XElement(V3 + "name", name))));

    private static XElement Section(string[] templates, XdsCode code, string title, XElement text, IEnumerable<XElement> entries) =>
        new(V3 + "component", new XElement(V3 + "section", Templates(templates), NewId(), Code("code", code), new XElement(V3 + "title", title), text, entries));

    private static IEnumerable<XElement> Templates(params string[] roots) => roots.Select(r => CdaElements.Template(r));

    private static XElement Typed(XElement element, string type)
    {
        element.Add(new XAttribute(Xsi + "type", type));
        return element;
    }

    private static XElement Entry(XElement act) => new(V3 + "entry", act);

    private static XElement Status(string code) => new(V3 + "statusCode", new XAttribute("code", code));

    private static XElement Reference(string textId) => new(V3 + "text", new XElement(V3 + "reference", new XAttribute("value", "#" + textId)));

    // A coded value, or its words alone when the record does not code it.
    private static XElement Coded(string element, XdsCode? code, string textId) =>
        new(V3 + element, element == "value" ? new XAttribute(Xsi + "type", "CD") : null,
            code is null ? null : new XAttribute("code", code.Code), code is null ? null : new XAttribute("codeSystem", code.Scheme),
            code is null ? null : new XAttribute("displayName", code.Display),
            new XElement(V3 + "originalText", new XElement(V3 + "reference", new XAttribute("value", "#" + textId))));

    private static XElement Boolean(bool? value) =>
        new(V3 + "value", new XAttribute(Xsi + "type", "BL"), value is { } known ? new XAttribute("value", known ? "true" : "false") : new XAttribute("nullFlavor", "UNK"));

    private static XElement Interval(DateOnly? start, DateOnly? end, bool closed) =>
        new(V3 + "effectiveTime",
            start is { } from ? CdaElements.Date("low", from) : Null("low", "UNK"),
            closed ? end is { } to ? CdaElements.Date("high", to) : Null("high", "UNK") : null);

    private static XElement Text(params XElement[] content) => new(V3 + "text", content);

    private static XElement Table(string[] headers, IEnumerable<XElement> rows) =>
        Text(new XElement(V3 + "table", new XAttribute("border", "0"),
            new XElement(V3 + "thead", new XElement(V3 + "tr", headers.Select(h => new XElement(V3 + "th", h)))),
            new XElement(V3 + "tbody", rows)));

    private static XElement Row(params XElement[] cells) => new(V3 + "tr", cells);

    private static XElement Cell(object content) => new(V3 + "td", content);

    private static XElement Content(string id, string text) => new(V3 + "content", new XAttribute("ID", id), text);

    private static XElement Paragraph(string text) => new(V3 + "paragraph", text);

    private static string Date(DateOnly? date) => date?.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture) ?? string.Empty;

    private static string YesNo(bool? value) => value switch { true => "oui", false => "non", null => "non renseigné" };
}
