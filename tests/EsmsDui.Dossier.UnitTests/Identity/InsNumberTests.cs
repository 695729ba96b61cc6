using EsmsDui.Dossier.Identity;

namespace EsmsDui.Dossier.UnitTests.Identity;

public sealed class InsNumberTests
{
    [Theory]
    [InlineData("147720425367430")] // 1477204253674 mod 97 = 67, key 30
    [InlineData("255081416802538")]
    [InlineData("185022A01234531")] // born in Corse-du-Sud: 2A counts as 19
    [InlineData("185022B01234558")] // Haute-Corse: 2B counts as 18
    public void A_matricule_with_the_right_key_is_accepted(string matricule) =>
        Assert.Null(InsNumber.Problem(matricule));

    [Theory]
    [InlineData("147720425367411", "30 here, not 11")] // the TDDUI 2.2.0 example patient's INS: its key is wrong
    [InlineData("185022B01234531", "58 here, not 31")]
    [InlineData("14772042536743", "15 characters")]
    [InlineData("1477204253674X0", "digits only")]
    [InlineData("547720425367430", "starts with 1, 2, 3, 4, 7 or 8")]
    [InlineData(null, "15 characters")]
    public void A_malformed_matricule_or_a_wrong_key_is_refused_with_the_reason(string? matricule, string reason) =>
        Assert.Contains(reason, InsNumber.Problem(matricule), StringComparison.Ordinal);
}
