using Microsoft.Extensions.Options;

namespace EnvOrchestrator.Storage;

/// <summary>Rejects options that would only fail later, at the first storage call.</summary>
internal sealed class EnvironmentStorageOptionsValidator : IValidateOptions<EnvironmentStorageOptions>
{
    public ValidateOptionsResult Validate(string? name, EnvironmentStorageOptions options)
    {
        var errors = Errors(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    public static List<string> Errors(EnvironmentStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (!IsValidPrefix(options.TablePrefix))
        {
            errors.Add("TablePrefix must be 3–40 ASCII letters or digits and start with a letter (it prefixes table and container names).");
        }

        var hasConnectionString = !string.IsNullOrWhiteSpace(options.ConnectionString);
        if (hasConnectionString && options.Credential is not null)
        {
            errors.Add("Set either ConnectionString or Credential, not both.");
        }
        else if (!hasConnectionString && (options.Credential is null || options.TableEndpoint is null || options.BlobEndpoint is null))
        {
            errors.Add("Set ConnectionString, or Credential with TableEndpoint and BlobEndpoint.");
        }

        if (options.IdempotencyRetention <= TimeSpan.Zero || options.IdempotencyInProgressLease <= TimeSpan.Zero)
        {
            errors.Add("IdempotencyRetention and IdempotencyInProgressLease must be positive.");
        }

        return errors;
    }

    public static bool IsValidPrefix(string? prefix) =>
        prefix is { Length: >= 3 and <= 40 } && char.IsAsciiLetter(prefix[0]) && prefix.All(char.IsAsciiLetterOrDigit);
}
