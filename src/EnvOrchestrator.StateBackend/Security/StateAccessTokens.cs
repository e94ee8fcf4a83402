using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using EnvOrchestrator.Core.TerraformState;

namespace EnvOrchestrator.StateBackend.Security;

/// <summary>
/// Tokens signed with a configured key (<c>TerraformStateBackend:SigningKey</c>):
/// <c>v1r.{run}.{expiry unix seconds}.{base64url HMAC-SHA256(key, "v1r\n{address}\n{run}\n{expiry}")}</c> (run ids have
/// no dots; empty for an address-only token).
/// </summary>
internal sealed class StateAccessTokens(byte[] key, TimeProvider timeProvider) : IStateAccessTokens
{
    private const string Version = "v1r";

    public string Issue(TerraformStateAddress address, string run, DateTimeOffset expiresAt)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.Contains('.', StringComparison.Ordinal))
        {
            throw new ArgumentException("A run id has no dots.", nameof(run));
        }

        var expiry = expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return Version + "." + run + "." + expiry + "." + Sign(address, run, expiry);
    }

    public bool Validate(TerraformStateAddress address, string? token, out string run)
    {
        run = string.Empty;
        var parts = token?.Split('.');
        if (parts is not [Version, var claimedRun, var expiry, var signature] ||
            !long.TryParse(expiry, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ||
            seconds < timeProvider.GetUtcNow().ToUnixTimeSeconds())
        {
            return false;
        }

        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(address, claimedRun, expiry)), Encoding.ASCII.GetBytes(signature)))
        {
            return false;
        }

        run = claimedRun;
        return true;
    }

    private string Sign(TerraformStateAddress address, string run, string expiry)
    {
        var mac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(Version + "\n" + address + "\n" + run + "\n" + expiry));
        return Convert.ToBase64String(mac).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
