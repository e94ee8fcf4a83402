using System.Collections.Immutable;
using System.Formats.Tar;
using EnvOrchestrator.Core.Catalog;
using EnvOrchestrator.Core.Validation;
using EnvOrchestrator.Templates.Loading;

namespace EnvOrchestrator.Templates.Git;

/// <summary>
/// Loads a catalog from a Git repository at a ref: a bare clone into a temporary folder, the ref resolved to a
/// commit, that commit's tree exported with <c>git archive</c> and loaded like a folder. Nothing is checked out in
/// place and the temporary folder is removed afterwards — unless the tree is exported to keep
/// (<see cref="ExportAsync"/>), for a service that runs the modules it serves.
/// </summary>
public static class GitCatalogSource
{
    public static Task<GitCatalogLoadResult> LoadAsync(GitCatalogLocation location, CatalogLoadOptions? options, CancellationToken cancellationToken) =>
        LoadAsync(location, options, exportRoot: null, cancellationToken);

    /// <summary>
    /// Loads like <see cref="LoadAsync(GitCatalogLocation, CatalogLoadOptions?, CancellationToken)"/> and keeps the
    /// commit's tree in <c>{exportRoot}/{commit}</c> (reused when it is already there), so the catalog's modules stay on
    /// disk; <see cref="CatalogLoadResult.RootDirectory"/> is the catalog folder inside it. Removing old exports is the
    /// caller's business.
    /// </summary>
    public static Task<GitCatalogLoadResult> ExportAsync(GitCatalogLocation location, string exportRoot, CatalogLoadOptions? options, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(exportRoot);
        return LoadAsync(location, options, exportRoot, cancellationToken);
    }

    private static async Task<GitCatalogLoadResult> LoadAsync(GitCatalogLocation location, CatalogLoadOptions? options, string? exportRoot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(location);
        var where = $"{location.Repository}@{location.Ref}";

        // A ref or repository starting with '-' would be read by git as an option.
        if (location.Ref.StartsWith('-') || location.Repository.StartsWith('-') || location.Ref.Length == 0)
        {
            return Failed(where, RuleIds.GitRefNotFound, $"'{location.Ref}' is not a valid ref");
        }

        var temp = Path.Combine(Path.GetTempPath(), "envorch-git-" + Guid.NewGuid().ToString("N"));
        var bare = Path.Combine(temp, "repo.git");
        var tree = Path.Combine(temp, "tree");
        Directory.CreateDirectory(tree);
        try
        {
            var clone = await GitCommand.RunAsync(null, ["clone", "--bare", "--quiet", "--", location.Repository, bare], cancellationToken).ConfigureAwait(false);
            if (clone.ExitCode != 0)
            {
                return Failed(where, RuleIds.GitFailed, "git clone failed: " + clone.Error);
            }

            var commit = await GitCommand.RunAsync(bare, ["rev-parse", "--verify", "--quiet", "--end-of-options", location.Ref + "^{commit}"], cancellationToken).ConfigureAwait(false);
            if (commit.ExitCode != 0 || commit.Output.Length == 0)
            {
                return Failed(where, RuleIds.GitRefNotFound, $"ref '{location.Ref}' does not name a commit in {location.Repository}");
            }

            if (exportRoot is not null)
            {
                tree = Path.Combine(Path.GetFullPath(exportRoot), commit.Output);
            }

            // An export of this commit is complete once its marker exists (an interrupted one is redone).
            var complete = Path.Combine(tree, ".envorch-export-complete");
            if (!File.Exists(complete))
            {
                DeleteQuietly(tree);
                Directory.CreateDirectory(tree);
                var archive = await GitCommand.RunAsync(
                    bare,
                    ["archive", "--format=tar", commit.Output],
                    cancellationToken,
                    stream => TarFile.ExtractToDirectoryAsync(stream, tree, overwriteFiles: false, cancellationToken)).ConfigureAwait(false);
                if (archive.ExitCode != 0)
                {
                    return Failed(where, RuleIds.GitFailed, "git archive failed: " + archive.Error);
                }

                if (exportRoot is not null)
                {
                    await File.WriteAllTextAsync(complete, commit.Output, cancellationToken).ConfigureAwait(false);
                }
            }

            var folder = location.Folder is null ? tree : Path.GetFullPath(Path.Combine(tree, location.Folder));
            if (!folder.StartsWith(tree, StringComparison.Ordinal) || !Directory.Exists(folder))
            {
                return Failed(where, RuleIds.GitFailed, $"folder '{location.Folder}' does not exist at {commit.Output}");
            }

            var result = await CatalogLoader.LoadDirectoryAsync(folder, options, cancellationToken).ConfigureAwait(false);

            // Without an export the folder is deleted below; module files are fetched again by commit when they are needed.
            return new GitCatalogLoadResult(exportRoot is null ? result with { RootDirectory = null } : result with { RootDirectory = folder }, commit.Output);
        }
        finally
        {
            DeleteQuietly(temp);
        }
    }

    private static GitCatalogLoadResult Failed(string where, string rule, string message) =>
        new(new CatalogLoadResult(TemplateCatalog.Empty, ImmutableArray.Create(new CatalogError(where, 1, 1, string.Empty, rule, message))), null);

    private static void DeleteQuietly(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; failing the load for it would not be.
        }
        catch (UnauthorizedAccessException)
        {
            // Same as above: git marks pack files read-only on some systems.
        }
    }
}
