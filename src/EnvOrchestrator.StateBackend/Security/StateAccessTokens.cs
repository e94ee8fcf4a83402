using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using EnvOrchestrator.Core.TerraformState;

namespace EnvOrchestrator.StateBackend.Security;

/// <summary>
/// Tokens signed with a configured key (<c>TerraformStateBackend:SigningKey</c>):
/// <c>v1.{expiry unix seconds}.{base64url HMAC-SHA256(key, "v1\n{address}\n{expiry}")}</c>.
/// </summary>
internal sealed class StateAccessTokens(byte[] key, TimeProvider timeProvider) : IStateAccessTokens
{
    private const string Version = "v1";

    public string Issue(TerraformStateAddress address, DateTimeOffset expiresAt)
    {
        var expiry = expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return Version + "." + expiry + "." + Sign(address, expiry);
    }

    public bool Validate(TerraformStateAddress address, string? token)
    {
        var parts = token?.Split('.');
        if (parts is not [Version, var expiry, var signature] ||
            !long.TryParse(expiry, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ||
            seconds < timeProvider.GetUtcNow().ToUnixTimeSeconds())
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(address, expiry)), Encoding.ASCII.GetBytes(signature));
    }

    private string Sign(TerraformStateAddress address, string expiry)
    {
        var mac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(Version + "\n" + address + "\n" + expiry));
        return Convert.ToBase64String(mac).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
