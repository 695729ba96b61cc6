namespace EsmsDui.Dossier.Identity.Insi;

/// <summary>The strict identity traits INSi is asked with, in its alphabet (capitals, hyphen, apostrophe, space).</summary>
/// <param name="BirthName">Nom de naissance.</param>
/// <param name="FirstNames">Prénoms de naissance, in order.</param>
/// <param name="Sex">F or M.</param>
/// <param name="BirthDate">Date de naissance, YYYY-MM-DD.</param>
/// <param name="BirthPlace">Code officiel géographique (INSEE) of the place of birth, when known.</param>
public sealed record InsiTraits(string BirthName, IReadOnlyList<string> FirstNames, string Sex, string BirthDate, string? BirthPlace);
