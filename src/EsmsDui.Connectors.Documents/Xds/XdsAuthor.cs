namespace EsmsDui.Connectors.Documents.Xds;

/// <summary>An XDS author: the person (HL7 v2 XCN), their institutions (XON), roles and specialties.</summary>
/// <param name="Person">authorPerson, e.g. <c>801234567890^DUPONT^Jean^^^^^^&amp;1.2.250.1.71.4.2.1&amp;ISO^D^^^IDNPS</c>.</param>
/// <param name="Institutions">authorInstitution values, e.g. <c>EHPAD^^^^^&amp;1.2.250.1.71.4.2.2&amp;ISO^IDNST^^^1750000000</c>.</param>
/// <param name="Roles">authorRole values.</param>
/// <param name="Specialties">authorSpecialty values.</param>
public sealed record XdsAuthor(string Person, IReadOnlyList<string> Institutions, IReadOnlyList<string> Roles, IReadOnlyList<string> Specialties);
