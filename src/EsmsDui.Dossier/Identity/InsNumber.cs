using System.Numerics;

namespace EsmsDui.Dossier.Identity;

/// <summary>
/// The INS matricule (NIR or NIA): 13 characters then a 2-digit key, 97 minus the 13-character number modulo 97.
/// Corsica's departments 2A and 2B count as 19 and 18 in the computation.
/// </summary>
public static class InsNumber
{
    /// <summary>Why <paramref name="matricule"/> is not a well-formed INS matricule with a right key, or null when it is.</summary>
    public static string? Problem(string? matricule)
    {
        if (matricule is not { Length: 15 })
        {
            return "an INS matricule has 15 characters (13 and a 2-digit key)";
        }

        var number = matricule[5..7] switch
        {
            "2A" => matricule[..5] + "19" + matricule[7..13],
            "2B" => matricule[..5] + "18" + matricule[7..13],
            _ => matricule[..13],
        };
        if (!number.All(char.IsAsciiDigit) || !matricule[13..].All(char.IsAsciiDigit))
        {
            return "an INS matricule has digits only (2A or 2B for a department of Corsica)";
        }

        if (number[0] is not ('1' or '2' or '3' or '4' or '7' or '8'))
        {
            return "an INS matricule starts with 1, 2, 3, 4, 7 or 8";
        }

        var key = 97 - (int)(BigInteger.Parse(number, System.Globalization.CultureInfo.InvariantCulture) % 97);
        return key == int.Parse(matricule[13..], System.Globalization.CultureInfo.InvariantCulture)
            ? null
            : $"the key of an INS matricule is 97 minus its first 13 digits modulo 97 ({key:00} here, not {matricule[13..]})";
    }
}
