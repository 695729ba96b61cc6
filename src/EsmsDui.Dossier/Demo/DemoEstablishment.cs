namespace EsmsDui.Dossier.Demo;

/// <summary>An establishment (ESMS) of the demo organisme gestionnaire.</summary>
/// <param name="Finess">Its FINESS (fictitious, department 42).</param>
/// <param name="Name">Its name.</param>
/// <param name="Kind">EHPAD, MAS or SSIAD.</param>
/// <param name="Usagers">How many of the demo usagers it follows.</param>
/// <param name="AtHome">True when the usagers are cared for at home (SSIAD).</param>
/// <param name="ElderlyPeople">True when the usagers are elderly people, evaluated with the AGGIR grid.</param>
public sealed record DemoEstablishment(string Finess, string Name, string Kind, int Usagers, bool AtHome, bool ElderlyPeople)
{
    /// <summary>The demo's organisme gestionnaire (FINESS juridique).</summary>
    public static DemoEstablishment Gestionnaire { get; } = new("420000018", "Association Les Quatre Saisons", "EJ", 0, false, false);

    /// <summary>The three establishments of the demo and the share of the usagers each follows.</summary>
    public static IReadOnlyList<DemoEstablishment> All { get; } =
    [
        new("420012346", "EHPAD Les Tilleuls", "EHPAD", 50, AtHome: false, ElderlyPeople: true),
        new("420023457", "MAS Le Colombier", "MAS", 20, AtHome: false, ElderlyPeople: false),
        new("420034568", "SSIAD du Forez", "SSIAD", 30, AtHome: true, ElderlyPeople: true),
    ];
}
