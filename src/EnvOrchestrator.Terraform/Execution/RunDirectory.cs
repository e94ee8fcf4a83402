using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using EnvOrchestrator.Terraform.Json;

namespace EnvOrchestrator.Terraform.Execution;

/// <summary>
/// A fresh directory per run (mode 0700: it holds inputs and plans in clear text):
/// <c>owner.json</c> (the run, its state address and the service process that owns it — written first),
/// <c>module/</c> (module copy + generated backend override; Terraform's working directory, where it leaves
/// <c>errored.tfstate</c> when it cannot save state), <c>inputs.tfvars.json</c>, <c>cli.tfrc</c>, <c>data/</c>
/// (TF_DATA_DIR), <c>plan.tfplan</c>, <c>logs/</c> (each command's output while it runs) and <c>processes/</c>
/// (id and start time of each Terraform process). Deleted when the run ends, unless Terraform left unsaved state.
/// </summary>
internal sealed partial class RunDirectory
{
    public const string BackendFileName = "zz_envorch_backend_override.tf";

    /// <summary>Set in every Terraform process's environment (and so its provisioners'): finds them from /proc.</summary>
    public const string MarkerVariable = "ENVORCH_RUN_DIRECTORY";

    public const string ErroredStateFileName = "errored.tfstate";

    private const string OwnerFileName = "owner.json";
    private const string InputsFileName = "inputs.tfvars.json";
    private const string PlanFileName = "plan.tfplan";

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    // Run directories this process is using: another one's leftovers may be reclaimed, these never.
    private static readonly ConcurrentDictionary<string, byte> Active = new(StringComparer.Ordinal);

    private readonly string? _sourceModule;
    private int _commandCount;

    private RunDirectory(string root, string? sourceModule, RunOwner? owner)
    {
        Root = root;
        _sourceModule = sourceModule;
        Owner = owner;
    }

    public string Root { get; }

    public string Name => Path.GetFileName(Root);

    /// <summary>Null for a leftover directory whose owner record is missing or unreadable.</summary>
    public RunOwner? Owner { get; }

    public string ModuleDirectory => Path.Combine(Root, "module");

    public string DataDirectory => Path.Combine(Root, "data");

    public string CliConfigFile => Path.Combine(Root, "cli.tfrc");

    public string ErroredStateFile => Path.Combine(ModuleDirectory, ErroredStateFileName);

    /// <summary>Terraform could not save state and wrote it to <see cref="ErroredStateFile"/> instead.</summary>
    public bool HasUnsavedState => File.Exists(ErroredStateFile);

    public bool IsActive => Active.ContainsKey(Root);

    /// <summary>The <see cref="MarkerVariable"/> entry of this directory's processes.</summary>
    public string MarkerEntry => MarkerVariable + "=" + Root;

    /// <summary>Relative to the module directory, so command lines hold no absolute user paths.</summary>
    public static string InputsArgument => Path.Combine("..", InputsFileName);

    public static string PlanArgument => Path.Combine("..", PlanFileName);

    private string LogsDirectory => Path.Combine(Root, "logs");

    private string ProcessesDirectory => Path.Combine(Root, "processes");

    public static async Task<RunDirectory> CreateAsync(
        string workRoot,
        string runId,
        string fullRunId,
        TerraformRunRequest request,
        string? providerMirror,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        if (!Directory.Exists(request.ModuleDirectory))
        {
            throw new DirectoryNotFoundException($"Module directory '{request.ModuleDirectory}' does not exist.");
        }

        Directory.CreateDirectory(workRoot);
        var root = Path.GetFullPath(Path.Combine(workRoot, runId + "-" + Guid.NewGuid().ToString("N")[..8]));
        var owner = new RunOwner(fullRunId, StateAddress(request.Backend), ProcessIdentity.Current.ProcessId, ProcessIdentity.Current.StartTime, now);

        // Active before it exists: a reclaim running beside this run must never take the directory for a leftover.
        Active[root] = 0;
        try
        {
            CreatePrivate(root);

            // The owner first, so that a sweep by another service process sharing the work root sees it as live.
            await File.WriteAllTextAsync(Path.Combine(root, OwnerFileName), JsonSerializer.Serialize(owner, JsonOptions), cancellationToken).ConfigureAwait(false);
            var directory = new RunDirectory(root, request.ModuleDirectory, owner);
            CopyModule(new DirectoryInfo(request.ModuleDirectory), directory.ModuleDirectory);
            Directory.CreateDirectory(directory.DataDirectory);
            Directory.CreateDirectory(directory.LogsDirectory);
            Directory.CreateDirectory(directory.ProcessesDirectory);

            // An override file replaces any backend the module declares, and needs no terraform block in the module.
            await File.WriteAllTextAsync(
                Path.Combine(directory.ModuleDirectory, BackendFileName),
                "terraform {\n  backend \"http\" {}\n}\n",
                cancellationToken).ConfigureAwait(false);
            await File.WriteAllTextAsync(directory.CliConfigFile, CliConfig(providerMirror), cancellationToken).ConfigureAwait(false);
            await InputsFile.WriteAsync(Path.Combine(root, InputsFileName), request.Inputs, cancellationToken).ConfigureAwait(false);
            return directory;
        }
        catch
        {
            TryDeleteTree(root);
            Active.TryRemove(root, out _);
            throw;
        }
    }

    /// <summary>The run directories under <paramref name="workRoot"/> (the init cache and anything else is left out).</summary>
    public static IReadOnlyList<RunDirectory> List(string workRoot)
    {
        if (!Directory.Exists(workRoot))
        {
            return [];
        }

        var found = new List<RunDirectory>();
        foreach (var root in Directory.EnumerateDirectories(workRoot))
        {
            var name = Path.GetFileName(root);
            if (!DirectoryName().IsMatch(name))
            {
                continue;
            }

            var owner = ReadOwner(root);
            if (owner is null && !Directory.Exists(Path.Combine(root, "module")))
            {
                // Not made by this runner, or too broken to tell: not ours to delete.
                continue;
            }

            found.Add(new RunDirectory(Path.GetFullPath(root), null, owner));
        }

        return found;
    }

    /// <summary>The run id a directory was made for: from its owner record, else from its name.</summary>
    public string RunId => Owner?.RunId ?? Name[..^9];

    /// <summary>Output files of the next command (the names number the commands of the run).</summary>
    public CommandOutputFiles NextOutputFiles(string command)
    {
        var number = Interlocked.Increment(ref _commandCount).ToString("D2", CultureInfo.InvariantCulture);

        // Gone when a leftover directory's secrets were deleted before its unsaved state is pushed.
        Directory.CreateDirectory(LogsDirectory);
        return new CommandOutputFiles(
            Path.Combine(LogsDirectory, number + "-" + command + ".stdout"),
            Path.Combine(LogsDirectory, number + "-" + command + ".stderr"));
    }

    /// <summary>Records a Terraform process as soon as it started, so that a restarted service can find it.</summary>
    public void RecordProcess(int processId, string command, bool parentDeathSignal, bool processGroup)
    {
        var identity = ProcessIdentity.Of(processId) ?? new ProcessIdentity(processId, 0);
        var record = new RunProcess(processId, identity.StartTime, command, parentDeathSignal, processGroup);
        File.WriteAllText(Path.Combine(ProcessesDirectory, processId.ToString(CultureInfo.InvariantCulture) + ".json"), JsonSerializer.Serialize(record, JsonOptions));
    }

    /// <summary>The Terraform processes recorded in the directory (alive or not).</summary>
    public IReadOnlyList<RunProcess> RecordedProcesses()
    {
        if (!Directory.Exists(ProcessesDirectory))
        {
            return [];
        }

        var records = new List<RunProcess>();
        foreach (var file in Directory.EnumerateFiles(ProcessesDirectory, "*.json"))
        {
            try
            {
                if (JsonSerializer.Deserialize<RunProcess>(File.ReadAllText(file), JsonOptions) is { ProcessId: > 1 } record)
                {
                    records.Add(record);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
            {
                // A record cut short by the crash it is meant to survive: the /proc scan still finds the process.
            }
        }

        return records;
    }

    /// <summary>Back to what <see cref="CreateAsync"/> made: an empty data directory and the module's own lock file.</summary>
    public void ResetInit()
    {
        Directory.Delete(DataDirectory, recursive: true);
        Directory.CreateDirectory(DataDirectory);
        var lockFile = Path.Combine(ModuleDirectory, ".terraform.lock.hcl");
        var shipped = _sourceModule is null ? null : Path.Combine(_sourceModule, ".terraform.lock.hcl");
        if (shipped is not null && File.Exists(shipped))
        {
            File.Copy(shipped, lockFile, overwrite: true);
        }
        else
        {
            File.Delete(lockFile);
        }
    }

    /// <summary>Deletes what holds values in clear text but is not needed to push unsaved state: inputs, plan, output logs.</summary>
    public void DeleteSecrets()
    {
        foreach (var file in new[] { Path.Combine(Root, InputsFileName), Path.Combine(Root, PlanFileName) })
        {
            TryDeleteFile(file);
        }

        TryDeleteTree(LogsDirectory);
    }

    public static void DeleteFile(string path) => TryDeleteFile(path);

    /// <summary>
    /// Deletes the directory; inputs and plan first, so that they are gone even when the rest cannot be deleted yet
    /// (a process still writing). True when nothing is left; the directory is no longer in use by this process either way.
    /// </summary>
    public bool Delete()
    {
        try
        {
            DeleteSecrets();
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    Directory.Delete(Root, recursive: true);
                    return true;
                }
                catch (DirectoryNotFoundException)
                {
                    return true;
                }
                catch (Exception ex) when (attempt < 3 && ex is IOException or UnauthorizedAccessException)
                {
                    // Mostly a killed provisioner's last write racing the recursive delete.
                    Thread.Sleep(50 * attempt);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    return false;
                }
            }
        }
        finally
        {
            Release();
        }
    }

    /// <summary>No longer in use by this process: a later reclaim or sweep may take it.</summary>
    public void Release() => Active.TryRemove(Root, out _);

    private static string StateAddress(TerraformHttpBackend backend) =>
        new UriBuilder(backend.Address) { UserName = string.Empty, Password = string.Empty, Query = string.Empty, Fragment = string.Empty }.Uri.AbsoluteUri;

    /// <summary>True when <paramref name="backend"/> is the state this directory ran against (credentials aside).</summary>
    public bool IsFor(TerraformHttpBackend backend) => Owner is { } owner && string.Equals(owner.StateAddress, StateAddress(backend), StringComparison.Ordinal);

    private static RunOwner? ReadOwner(string root)
    {
        try
        {
            return JsonSerializer.Deserialize<RunOwner>(File.ReadAllText(Path.Combine(root, OwnerFileName)), JsonOptions);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    private static void CreatePrivate(string root)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(root);
        }
        else
        {
            Directory.CreateDirectory(root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private static void TryDeleteFile(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The directory delete that follows tries again.
        }
    }

    private static void TryDeleteTree(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Gone already, or left for the directory delete.
        }
    }

    private static string CliConfig(string? providerMirror)
    {
        if (providerMirror is null)
        {
            // Terraform still needs a readable file: the image points TF_CLI_CONFIG_FILE at a missing one.
            return "# generated by EnvOrchestrator: no provider installation settings\n";
        }

        // JSON string escaping is valid HCL string syntax for a path.
        return "provider_installation {\n  filesystem_mirror {\n    path = " + JsonSerializer.Serialize(Path.GetFullPath(providerMirror)) +
            "\n  }\n}\n";
    }

    private static void CopyModule(DirectoryInfo source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in source.EnumerateFiles())
        {
            // Local state, crash logs and saved variables of someone's earlier manual run must not leak into ours; nor
            // may an errored.tfstate be taken for this run's unsaved state.
            if (file.Name.EndsWith(".tfstate", StringComparison.Ordinal) || file.Name.EndsWith(".tfstate.backup", StringComparison.Ordinal) ||
                file.Name == "crash.log")
            {
                continue;
            }

            file.CopyTo(Path.Combine(target, file.Name));
        }

        foreach (var child in source.EnumerateDirectories())
        {
            if (child.Name != ".terraform")
            {
                CopyModule(child, Path.Combine(target, child.Name));
            }
        }
    }

    // "{run id}-{8 hex digits}", as CreateAsync names them.
    [GeneratedRegex("^[A-Za-z0-9_-]+-[0-9a-f]{8}$", RegexOptions.CultureInvariant)]
    private static partial Regex DirectoryName();
}

/// <summary>The owner record of a run directory.</summary>
/// <param name="RunId">The request's run id, letters, digits, '-' and '_' only, not cut to the directory name's length.</param>
/// <param name="StateAddress">The backend address without credentials: unsaved state is pushed only there.</param>
internal sealed record RunOwner(string RunId, string StateAddress, int ServiceProcessId, long ServiceStartTime, DateTimeOffset CreatedAt)
{
    public ProcessIdentity Service => new(ServiceProcessId, ServiceStartTime);
}

/// <summary>One Terraform process of a run directory.</summary>
/// <param name="ParentDeathSignal">Started with the parent-death signal: it got SIGTERM when its service died.</param>
/// <param name="ProcessGroup">Leads its own process group (setsid): its group id is its process id.</param>
internal sealed record RunProcess(int ProcessId, long StartTime, string Command, bool ParentDeathSignal, bool ProcessGroup)
{
    public ProcessIdentity Identity => new(ProcessId, StartTime);
}
