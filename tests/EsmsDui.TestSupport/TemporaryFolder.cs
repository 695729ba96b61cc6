namespace EsmsDui.TestSupport;

/// <summary>A fresh folder under the system's temporary folder, deleted with what it holds when disposed.</summary>
public sealed class TemporaryFolder(string prefix) : IDisposable
{
    /// <summary>The folder's path (created by whoever first writes into it).</summary>
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), prefix + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
