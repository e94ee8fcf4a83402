using Microsoft.Extensions.Options;

namespace EnvOrchestrator.Durable.AzureStorage;

/// <summary>Rejects options that would only fail later, at the first storage call.</summary>
internal sealed class AzureStorageOrchestrationOptionsValidator : IValidateOptions<AzureStorageOrchestrationOptions>
{
    public const int MinPartitions = 1;
    public const int MaxPartitions = 16;

    public ValidateOptionsResult Validate(string? name, AzureStorageOrchestrationOptions options)
    {
        var errors = Errors(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    public static List<string> Errors(AzureStorageOrchestrationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (!IsValidTaskHub(options.TaskHub))
        {
            errors.Add("TaskHub must be 3–45 letters or digits and start with a letter (it prefixes table, queue and container names).");
        }

        if (options.PartitionCount is < MinPartitions or > MaxPartitions)
        {
            errors.Add($"PartitionCount must be between {MinPartitions} and {MaxPartitions}.");
        }

        if (options.OrphanPayloadSweepInterval is { } interval && interval <= TimeSpan.Zero)
        {
            errors.Add("OrphanPayloadSweepInterval must be positive (or null to turn the sweep off).");
        }

        if (options.OrphanPayloadAge < AzureStorageOrchestrationBackend.MinOrphanPayloadAge)
        {
            errors.Add($"OrphanPayloadAge must be at least {AzureStorageOrchestrationBackend.MinOrphanPayloadAge}: a younger blob may belong to a write still in flight.");
        }

        var hasConnectionString = !string.IsNullOrWhiteSpace(options.ConnectionString);
        if (hasConnectionString && options.Credential is not null)
        {
            errors.Add("Set either ConnectionString or Credential, not both.");
        }
        else if (!hasConnectionString)
        {
            if (options.Credential is null)
            {
                errors.Add("Set ConnectionString, or Credential with TableEndpoint, QueueEndpoint and BlobEndpoint.");
            }
            else if (options.TableEndpoint is null || options.QueueEndpoint is null || options.BlobEndpoint is null)
            {
                errors.Add("A Credential needs TableEndpoint, QueueEndpoint and BlobEndpoint.");
            }
        }

        return errors;
    }

    public static bool IsValidTaskHub(string? taskHub) =>
        taskHub is { Length: >= 3 and <= 45 } && char.IsAsciiLetter(taskHub[0]) && taskHub.All(char.IsAsciiLetterOrDigit);
}
