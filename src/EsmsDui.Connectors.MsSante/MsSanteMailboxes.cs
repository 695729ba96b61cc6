using Microsoft.Extensions.Options;

namespace EsmsDui.Connectors.MsSante;

/// <summary>
/// The configured organisation mailboxes and which one works for what: each belongs to a tenant, and sends the
/// documents of the establishment of its FINESS (or of any establishment of its tenant without a mailbox of its own).
/// </summary>
public sealed class MsSanteMailboxes(IOptions<MsSanteOptions> options)
{
    private readonly Lazy<IReadOnlyList<MsSanteOptions>> _all = new(() => options.Value.ConfiguredMailboxes());

    /// <summary>Every configured mailbox, with its complete settings.</summary>
    public IReadOnlyList<MsSanteOptions> All => _all.Value;

    /// <summary>The mailbox <paramref name="address"/> of <paramref name="tenant"/>, or null.</summary>
    public MsSanteOptions? Find(string tenant, string? address) =>
        All.FirstOrDefault(m => m.Tenant == tenant && string.Equals(m.Mailbox, address, StringComparison.OrdinalIgnoreCase));

    /// <summary>The mailbox that sends the documents of the establishment <paramref name="idNatStruct"/> in <paramref name="tenant"/>, or null.</summary>
    public MsSanteOptions? ForEstablishment(string tenant, string? idNatStruct)
    {
        var ofTenant = All.Where(m => m.Tenant == tenant).ToList();
        return ofTenant.FirstOrDefault(m => m.Finess.Length > 0 && (idNatStruct == m.Finess || idNatStruct == "1" + m.Finess))
            ?? ofTenant.FirstOrDefault(m => m.Finess.Length == 0);
    }
}
