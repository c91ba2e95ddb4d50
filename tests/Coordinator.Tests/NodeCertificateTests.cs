using Coordinator;

namespace Coordinator.Tests;

/// <summary>Issue 17, item 8: a secret on disk (the local cluster's throwaway TLS key) is readable by its owner only.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]   // file modes are POSIX
public sealed class NodeCertificateTests
{
    [Fact]
    public void The_throwaway_certificate_is_written_readable_by_its_owner_only_and_loads_with_its_key()
    {
        using var folder = new TemporaryDirectory();
        string path = folder.File("tls/cluster.pem");

        NodeCertificate.WriteThrowaway(path);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        using var certificate = NodeCertificate.Load(path);
        Assert.True(certificate.HasPrivateKey);
    }

    [Fact]
    public void A_certificate_file_without_a_key_is_refused_naming_the_file()
    {
        using var folder = new TemporaryDirectory();
        string path = folder.File("cluster.pem");
        NodeCertificate.WriteThrowaway(path);
        string certificateOnly = File.ReadAllText(path).Split("-----END CERTIFICATE-----")[0] + "-----END CERTIFICATE-----\n";
        File.WriteAllText(path, certificateOnly);

        var error = Assert.Throws<Data.Failures.InvalidInputException>(() => NodeCertificate.Load(path));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }
}
