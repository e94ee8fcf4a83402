using System.Text;
using EnvOrchestrator.Core.Webhooks;

namespace EnvOrchestrator.Webhooks.Tests;

public sealed class WebhookSignatureTests
{
    // The example of the Standard Webhooks specification: a receiver using any of its libraries accepts our requests.
    [Fact]
    public void Sign_SpecificationExample_SameSignature()
    {
        var signature = WebhookSignature.Sign(
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", DateTimeOffset.FromUnixTimeSeconds(1614265330), Encoding.UTF8.GetBytes("{\"test\": 2432232314}"));

        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", signature);
    }

    [Fact]
    public void Verify_AlteredBodyOtherSecretOrOtherTime_Refused()
    {
        var secret = WebhookSignature.NewSecret();
        var at = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
        var body = Encoding.UTF8.GetBytes("{\"a\":1}");
        var header = "v0,ignored " + WebhookSignature.Sign(secret, "e1", at, body);

        Assert.True(WebhookSignature.Verify(secret, "e1", at, body, header));
        Assert.False(WebhookSignature.Verify(secret, "e1", at, Encoding.UTF8.GetBytes("{\"a\":2}"), header));
        Assert.False(WebhookSignature.Verify(WebhookSignature.NewSecret(), "e1", at, body, header));
        Assert.False(WebhookSignature.Verify(secret, "e1", at.AddSeconds(1), body, header));
        Assert.False(WebhookSignature.Verify(secret, "e2", at, body, header));
    }

    [Theory]
    [InlineData("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", true)]
    [InlineData("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", false)]
    [InlineData("whsec_c2hvcnQ=", false)]
    [InlineData("whsec_not base64!", false)]
    public void IsValidSecret_Examples_Expected(string secret, bool valid) => Assert.Equal(valid, WebhookSignature.IsValidSecret(secret));
}
