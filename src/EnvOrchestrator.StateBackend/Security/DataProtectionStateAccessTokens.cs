using System.Globalization;
using System.Security.Cryptography;
using EnvOrchestrator.Core.TerraformState;
using Microsoft.AspNetCore.DataProtection;

namespace EnvOrchestrator.StateBackend.Security;

/// <summary>
/// Tokens sealed by Data Protection: <c>v3.{protected "{address}\n{run}\n{expiry unix seconds}"}</c> (run empty for
/// an address-only token). The key is generated
/// and kept in the service's key ring (encrypted by its key-encryption key, rotated with it), so nothing about it can be
/// derived from configuration or the storage account; the address inside is authenticated, the expiry too.
/// </summary>
internal sealed class DataProtectionStateAccessTokens(IDataProtectionProvider provider, TimeProvider timeProvider) : IStateAccessTokens
{
    /// <summary>Changing it makes every token issued before invalid (they live minutes, so that is harmless).</summary>
    public const string Purpose = "EnvOrchestrator.StateBackend.AccessTokens.v3";

    private const string Version = "v3.";

    private readonly IDataProtector _protector = provider.CreateProtector(Purpose);

    public string Issue(TerraformStateAddress address, string run, DateTimeOffset expiresAt)
    {
        ArgumentNullException.ThrowIfNull(run);
        return Version + _protector.Protect(Claim(address, run, expiresAt.ToUnixTimeSeconds()));
    }

    public bool Validate(TerraformStateAddress address, string? token, out string run)
    {
        run = string.Empty;
        if (token is null || !token.StartsWith(Version, StringComparison.Ordinal))
        {
            return false;
        }

        string claim;
        try
        {
            claim = _protector.Unprotect(token[Version.Length..]);
        }
        catch (CryptographicException)
        {
            return false;
        }
        catch (FormatException)
        {
            return false;
        }

        var parts = claim.Split('\n');
        if (parts is not [var claimed, var claimedRun, var expiry] ||
            !string.Equals(claimed, address.ToString(), StringComparison.Ordinal) ||
            !long.TryParse(expiry, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ||
            seconds < timeProvider.GetUtcNow().ToUnixTimeSeconds())
        {
            return false;
        }

        run = claimedRun;
        return true;
    }

    private static string Claim(TerraformStateAddress address, string run, long expiry) =>
        address + "\n" + run + "\n" + expiry.ToString(CultureInfo.InvariantCulture);
}
