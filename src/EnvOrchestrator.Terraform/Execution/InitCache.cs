using System.Security.Cryptography;
using System.Text;

namespace EnvOrchestrator.Terraform.Execution;

/// <summary>
/// What <c>terraform init</c> leaves behind (the data directory and the dependency lock file), kept per module
/// content so that later runs of the same module skip the init process. It is safe to share because the backend's
/// settings reach Terraform only through <c>TF_HTTP_*</c> variables: the data directory records the http backend
/// with every setting null, whatever state address the init ran for, and holds no credential.
/// Entries are published whole with one directory rename and never change afterwards; a changed module, provider
/// mirror or Terraform executable has another key.
/// </summary>
internal sealed class InitCache
{
    private readonly string _root;

    // Checked once per runner, not per run: a folder that fails the check (its exception is kept) stays unused until
    // the service restarts.
    private readonly Lazy<string> _privateRoot;

    public InitCache(string root)
    {
        _root = root;
        _privateRoot = new Lazy<string>(() => PrivateRoot(root));
    }

    private const string DataFolder = "data";
    private const string LockFileName = ".terraform.lock.hcl";

    // Provider binaries reach hundreds of MB: runs link to the cached copy instead of copying it.
    private const long LinkAbove = 1024 * 1024;

    /// <summary>The key of a prepared run directory: its module copy, its CLI config and the Terraform executable.</summary>
    public static string KeyFor(RunDirectory directory, string terraformIdentity)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Append(hash, terraformIdentity);
        Append(hash, File.ReadAllText(directory.CliConfigFile));
        // A lock file shipped with the module pins provider versions, so it is part of the key like every module file.
        var module = new DirectoryInfo(directory.ModuleDirectory);
        foreach (var file in module.EnumerateFiles("*", SearchOption.AllDirectories).OrderBy(f => f.FullName, StringComparer.Ordinal))
        {
            Append(hash, Path.GetRelativePath(module.FullName, file.FullName));
            hash.AppendData(File.ReadAllBytes(file.FullName));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset())[..32];
    }

    /// <summary>Copies a published entry into the run directory; false when there is none.</summary>
    public bool TryRestore(string key, RunDirectory directory)
    {
        var entry = Path.Combine(_root, key);
        if (!Directory.Exists(entry))
        {
            return false;
        }

        _ = _privateRoot.Value;

        Copy(new DirectoryInfo(Path.Combine(entry, DataFolder)), directory.DataDirectory, link: true);
        var lockFile = Path.Combine(entry, LockFileName);
        if (File.Exists(lockFile))
        {
            File.Copy(lockFile, Path.Combine(directory.ModuleDirectory, LockFileName), overwrite: true);
        }

        return true;
    }

    /// <summary>
    /// Publishes what a successful init left in the run directory, unless another run already did, or the init
    /// downloaded provider binaries: copying those for every module version would fill the disk, so such modules init
    /// every time (a provider mirror makes them symlinks, which are cached).
    /// </summary>
    public void Publish(string key, RunDirectory directory)
    {
        var entry = Path.Combine(_root, key);
        var data = new DirectoryInfo(directory.DataDirectory);
        if (Directory.Exists(entry) || data.EnumerateFiles("*", SearchOption.AllDirectories).Any(f => f.LinkTarget is null && f.Length > LinkAbove))
        {
            return;
        }

        var staging = Path.Combine(_privateRoot.Value, key + ".staging-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            Copy(data, Path.Combine(staging, DataFolder), link: false);
            var lockFile = Path.Combine(directory.ModuleDirectory, LockFileName);
            if (File.Exists(lockFile))
            {
                File.Copy(lockFile, Path.Combine(staging, LockFileName));
            }

            Directory.Move(staging, entry);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Mostly: another run published the same key first, and its entry is as good as ours.
            DeleteQuietly(staging);
        }
    }

    /// <summary>
    /// The cache folder, created private to this user. Entries run code (providers, lock files): a folder others can
    /// write to is not trusted, and the cache is then not used at all.
    /// </summary>
    private static string PrivateRoot(string root)
    {
        if (OperatingSystem.IsWindows())
        {
            return Directory.CreateDirectory(root).FullName;
        }

        const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        var folder = Directory.CreateDirectory(root, Private);
        if ((folder.UnixFileMode & (UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0)
        {
            throw new UnauthorizedAccessException($"The init cache folder '{root}' can be written by other users.");
        }

        // Only the owner may change the mode: this fails for a folder someone else made.
        File.SetUnixFileMode(folder.FullName, Private);
        return folder.FullName;
    }

    private static void Copy(DirectoryInfo source, string target, bool link)
    {
        Directory.CreateDirectory(target);
        foreach (var entry in source.EnumerateFileSystemInfos())
        {
            var destination = Path.Combine(target, entry.Name);
            if (entry.LinkTarget is { } linkTarget)
            {
                // Providers installed from a mirror are symlinks into it: keep them symlinks.
                File.CreateSymbolicLink(destination, linkTarget);
            }
            else if (entry is DirectoryInfo child)
            {
                Copy(child, destination, link);
            }
            else if (link && ((FileInfo)entry).Length > LinkAbove)
            {
                File.CreateSymbolicLink(destination, entry.FullName);
            }
            else
            {
                ((FileInfo)entry).CopyTo(destination);
            }
        }
    }

    private static void DeleteQuietly(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Left for the next publish to ignore: staging names are unique.
        }
    }

    private static void Append(IncrementalHash hash, string text)
    {
        hash.AppendData(Encoding.UTF8.GetBytes(text));
        hash.AppendData([0]);
    }
}
