using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace EnvOrchestrator.Benchmarks.Service;

/// <summary>
/// What a service left behind, read from outside it: held state locks in its state container, Terraform (and
/// provisioner) processes working in its work root, run folders in its work root, and orchestration instances of its
/// task hub that have not finished.
/// </summary>
internal static class ServiceLeftovers
{
    /// <summary>Lock blobs of the state backend that name a holder (an empty lock blob means unlocked).</summary>
    public static async Task<List<string>> HeldLocksAsync(ServiceUnderTest service, CancellationToken cancellationToken)
    {
        var container = new BlobServiceClient(service.Storage, new BlobClientOptions(BlobClientOptions.ServiceVersion.V2026_06_06))
            .GetBlobContainerClient(service.StateContainer);
        var held = new List<string>();
        if (!await container.ExistsAsync(cancellationToken))
        {
            return held;
        }

        await foreach (var blob in container.GetBlobsAsync(cancellationToken: cancellationToken))
        {
            if (blob.Name.EndsWith("/lock", StringComparison.Ordinal))
            {
                var content = await container.GetBlobClient(blob.Name).DownloadContentAsync(cancellationToken);
                if (content.Value.Content.ToMemory().Length > 0)
                {
                    held.Add($"{blob.Name}: {content.Value.Content}");
                }
            }
        }

        return held;
    }

    /// <summary>Processes whose working directory is inside the work root: Terraform and the provisioners it started.</summary>
    public static List<string> ProcessesIn(string workRoot)
    {
        var found = new List<string>();
        var root = Path.GetFullPath(workRoot).TrimEnd('/') + "/";
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            var id = Path.GetFileName(entry);
            if (!int.TryParse(id, out _))
            {
                continue;
            }

            try
            {
                var cwd = new DirectoryInfo(Path.Combine(entry, "cwd")).LinkTarget;
                if (cwd is not null && (cwd + "/").StartsWith(root, StringComparison.Ordinal))
                {
                    var command = File.ReadAllText(Path.Combine(entry, "cmdline")).Replace('\0', ' ').Trim();
                    found.Add($"{id}: {command}");
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone, or not ours to look at.
            }
        }

        return found;
    }

    /// <summary>Run folders left in the work root (the init cache and other hidden folders are not runs).</summary>
    public static List<string> RunFolders(string workRoot) =>
        Directory.Exists(workRoot)
            ? [.. Directory.EnumerateDirectories(workRoot).Select(Path.GetFileName).Where(n => n is not null && !n.StartsWith('.')).Select(n => n!)]
            : [];

    /// <summary>Instances of the task hub in Pending or Running status (read from the provider's Instances table).</summary>
    public static async Task<List<string>> UnfinishedInstancesAsync(ServiceUnderTest service, CancellationToken cancellationToken)
    {
        var table = new TableClient(service.Storage, service.Name + "Instances");
        var unfinished = new List<string>();
        try
        {
            await foreach (var row in table.QueryAsync<TableEntity>(
                "RuntimeStatus eq 'Running' or RuntimeStatus eq 'Pending' or RuntimeStatus eq 'ContinuedAsNew'",
                select: ["PartitionKey", "RuntimeStatus", "Name"], cancellationToken: cancellationToken))
            {
                unfinished.Add($"{row.PartitionKey} {row.GetString("Name")} {row.GetString("RuntimeStatus")}");
            }
        }
        catch (Azure.RequestFailedException e) when (e.Status == 404)
        {
            // The hub was never created.
        }

        return unfinished;
    }

    /// <summary>Kills what <see cref="ProcessesIn"/> finds (after it was counted), so one run does not disturb the next.</summary>
    public static void KillProcessesIn(string workRoot)
    {
        foreach (var line in ProcessesIn(workRoot))
        {
            var id = int.Parse(line[..line.IndexOf(':', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);
            try
            {
                using var process = System.Diagnostics.Process.GetProcessById(id);
                process.Kill();
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // Already gone.
            }
        }
    }
}
