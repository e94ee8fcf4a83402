using System.Collections.Immutable;
using System.Text;
using EnvOrchestrator.Core.Catalog;
using EnvOrchestrator.Core.Validation;
using EnvOrchestrator.Templates.Schemas;
using EnvOrchestrator.Templates.Terraform;

namespace EnvOrchestrator.Templates.Loading;

/// <summary>
/// Loads a catalog (resource templates, environment templates, policies, variable sets) from YAML files and
/// validates it as a whole. Loading never throws for bad content: every problem is returned as a located error.
/// </summary>
public static class CatalogLoader
{
    private static readonly string[] Extensions = [".yaml", ".yml"];

    /// <summary>Loads every <c>*.yaml</c>/<c>*.yml</c> file under <paramref name="directory"/> (hidden folders are skipped).</summary>
    public static async Task<CatalogLoadResult> LoadDirectoryAsync(string directory, CatalogLoadOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(directory);
        options ??= CatalogLoadOptions.Default;
        var root = Path.GetFullPath(directory);
        var files = new List<CatalogFile>();
        var errors = new List<CatalogError>();
        foreach (var path in EnumerateCatalogFiles(root))
        {
            var relative = Path.GetRelativePath(root, path).Replace('\\', '/');
            var length = new FileInfo(path).Length;
            if (length > options.Limits.MaxFileBytes)
            {
                // Checked before reading so a huge file is never loaded into memory.
                errors.Add(new CatalogError(relative, 1, 1, string.Empty, RuleIds.FileTooLarge,
                    $"the file is {length} bytes, more than the limit of {options.Limits.MaxFileBytes}"));
                continue;
            }

            try
            {
                files.Add(new CatalogFile(relative, await File.ReadAllTextAsync(path, Encoding.UTF8, cancellationToken).ConfigureAwait(false)));
            }
            catch (IOException e)
            {
                errors.Add(new CatalogError(relative, 1, 1, string.Empty, RuleIds.FileUnreadable, e.Message));
            }
        }

        var result = await LoadCoreAsync(files, options, root, errors).ConfigureAwait(false);
        return result with { RootDirectory = root };
    }

    /// <summary>Loads files given in memory (module files are not available, so modules are not checked).</summary>
    public static Task<CatalogLoadResult> LoadFilesAsync(IEnumerable<CatalogFile> files, CatalogLoadOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(files);
        cancellationToken.ThrowIfCancellationRequested();
        return LoadCoreAsync(files, options ?? CatalogLoadOptions.Default, null, []);
    }

    private static async Task<CatalogLoadResult> LoadCoreAsync(
        IEnumerable<CatalogFile> files, CatalogLoadOptions options, string? root, List<CatalogError> errors)
    {
        var schemas = await SchemaValidator.LoadAsync().ConfigureAwait(false);
        var reader = new CatalogFileReader(schemas, options.Limits);
        var ordered = files.OrderBy(f => f.Path, StringComparer.Ordinal).ToArray();

        // Files are independent until whole-catalog validation, so they are parsed in parallel into per-file
        // results and merged in path order, which keeps the catalog and the errors deterministic.
        var perFile = new (CatalogBuilder Builder, List<CatalogError> Errors)[ordered.Length];
        Parallel.For(0, ordered.Length, i =>
        {
            var fileErrors = new List<CatalogError>();
            var fileBuilder = new CatalogBuilder();
            reader.Read(ordered[i], fileBuilder, fileErrors);
            perFile[i] = (fileBuilder, fileErrors);
        });
        var builder = new CatalogBuilder();
        foreach (var (fileBuilder, fileErrors) in perFile)
        {
            builder.AddAll(fileBuilder);
            errors.AddRange(fileErrors);
        }

        var catalog = builder.Build();
        errors.AddRange(CatalogValidator.Validate(catalog));
        if (root is not null && options.CheckModules)
        {
            var moduleErrors = new List<CatalogError>[catalog.ResourceTemplates.Length];
            var checkedTemplates = new ResourceTemplate[catalog.ResourceTemplates.Length];
            Parallel.For(0, moduleErrors.Length, i =>
            {
                moduleErrors[i] = [];
                var template = catalog.ResourceTemplates[i];
                checkedTemplates[i] = template with { ManagedResourceTypes = ModuleChecker.Check(template, root, moduleErrors[i]) };
            });
            errors.AddRange(moduleErrors.SelectMany(e => e));
            catalog = catalog with { ResourceTemplates = [.. checkedTemplates] };
        }

        var sorted = errors
            .OrderBy(e => e.File, StringComparer.Ordinal)
            .ThenBy(e => e.Line)
            .ThenBy(e => e.Column)
            .ThenBy(e => e.RuleId, StringComparer.Ordinal)
            .ToImmutableArray();
        return new CatalogLoadResult(catalog, sorted);
    }

    private static IEnumerable<string> EnumerateCatalogFiles(string root)
    {
        var pending = new Stack<string>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var directory = pending.Pop();
            foreach (var sub in Directory.EnumerateDirectories(directory))
            {
                if (!Path.GetFileName(sub).StartsWith('.') && new DirectoryInfo(sub).LinkTarget is null)
                {
                    pending.Push(sub);
                }
            }

            foreach (var file in Directory.EnumerateFiles(directory))
            {
                // Symbolic links are not followed: a catalog from Git could otherwise point the loader at any file.
                if (Extensions.Contains(Path.GetExtension(file), StringComparer.OrdinalIgnoreCase) && new FileInfo(file).LinkTarget is null)
                {
                    yield return file;
                }
            }
        }
    }
}
