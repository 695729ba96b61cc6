using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using EsmsDui.Conformance.Groups.MsSante;
using EsmsDui.Conformance.Runner;
using MailKit;
using MailKit.Search;
using MimeKit;

namespace EsmsDui.Conformance.Tests;

/// <summary>
/// Faults of the mail a server sends, made in the mailbox: the double lets EsmsDui send, waits for the mail, and
/// puts back in its place a copy with one rule broken, as a faulty server would have sent it.
/// </summary>
public static partial class MailTampering
{
    /// <summary>A fault that changes the mail sent for each <c>$mssante-send</c>.</summary>
    public static Fault Fault(string name, string testId, Action<MimeMessage> change) => new(name, testId, async (s, r, c) =>
    {
        var body = r.Content is null ? string.Empty : await r.Content.ReadAsStringAsync(c);
        var answer = await s.ForwardAsync(r, c);
        if (!r.RequestUri!.AbsolutePath.EndsWith("$mssante-send", StringComparison.Ordinal) || Marker().Match(body) is not { Success: true } marker)
        {
            return answer;
        }

        var mailbox = s.Server.Preset.Mailbox!;
        var sent = await Mailbox.WaitForAsync(mailbox, marker.Value);
        change(sent);
        await ReplaceAsync(mailbox, marker.Value, sent);
        return answer;
    });

    /// <summary>The mail with the files of its IHE_XDM.ZIP changed by <paramref name="change"/>.</summary>
    public static void ChangeXdm(MimeMessage mail, Action<Dictionary<string, byte[]>> change)
    {
        var part = mail.Attachments.OfType<MimePart>().Single(p => string.Equals(p.FileName, "IHE_XDM.ZIP", StringComparison.OrdinalIgnoreCase));
        using var original = new MemoryStream();
        part.Content.DecodeTo(original);
        var files = new Dictionary<string, byte[]>(XdmArchive.Read(original.ToArray()).Files, StringComparer.Ordinal);
        change(files);
        var rewritten = new MemoryStream();
        using (var archive = new ZipArchive(rewritten, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, content) in files)
            {
                using var stream = archive.CreateEntry(path).Open();
                stream.Write(content);
            }
        }

        rewritten.Position = 0;
        part.Content = new MimeContent(rewritten);
    }

    /// <summary><paramref name="file"/> of the archive with <paramref name="from"/> replaced by <paramref name="to"/> in its text.</summary>
    public static void ReplaceIn(Dictionary<string, byte[]> files, Func<string, bool> file, string from, string to)
    {
        foreach (var path in files.Keys.Where(file).ToList())
        {
            files[path] = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(files[path]).Replace(from, to, StringComparison.Ordinal));
        }
    }

    /// <summary>Removes <paramref name="part"/> from the multipart that holds it, at any depth.</summary>
    public static bool Remove(MimeEntity entity, MimeEntity part) =>
        entity is Multipart multipart && (multipart.Remove(part) || multipart.Any(child => Remove(child, part)));

    private static async Task ReplaceAsync(MailboxPreset mailbox, string marker, MimeMessage changed)
    {
        using var client = await Mailbox.ConnectAsync(mailbox);
        await client.Inbox.OpenAsync(FolderAccess.ReadWrite);
        var found = await client.Inbox.SearchAsync(SearchQuery.BodyContains(marker));
        await client.Inbox.AddFlagsAsync(found, MessageFlags.Deleted, silent: true);
        await client.Inbox.ExpungeAsync();
        await client.Inbox.AppendAsync(changed, MessageFlags.None);
        await client.DisconnectAsync(true);
    }

    [GeneratedRegex("conformance-[0-9a-f]{32}")]
    private static partial Regex Marker();
}
