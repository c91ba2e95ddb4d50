using System.Runtime.Serialization;
using Akka.Actor;
using Messages;
using Messages.Serialization;

namespace Coordinator.Tests;

/// <summary>The message serializer: every message round-trips exactly; a manifest outside the table is refused.</summary>
public sealed class MessageSerializerTests : Akka.TestKit.Xunit2.TestKit
{
    private MessageSerializer Serializer => new((ExtendedActorSystem)Sys);

    public static TheoryData<object> Messages()
    {
        var run = Guid.Parse("0f0e0d0c-0b0a-0908-0706-050403020100");
        var metrics = new MetricsPartial(10, 300, 17, 9, 1.0 / 3, 0.1 + 0.2, double.Epsilon, -0.0, [1, 2, 255]);
        return new TheoryData<object>
        {
            new SolveBlock(run, 2, 5, BlockSide.Items, 3),
            new EvaluateBlock(run, 2, 5, 1),
            new BlockSolved(run, 2, 5, BlockSide.Items, 4, [0, 1, 2, 3, 4, 5, 6, 7], "89abcdef", Math.PI, 1e300, long.MaxValue, "host/12", 0.125),
            new BlockEvaluated(run, 2, 5, 1, metrics, "host/12", 3.5),
            new BlockFailed(run, 2, 5, "solve users", 3, "NotPositiveDefiniteException: row 7", "host/12"),
            new IterationCompleted(run, 5, 1.5, double.NaN, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 10, 2000, 0.25),
            new RunStatus(run, "Waiting for workers"),
            new RunFinished(run, 2, false, "cause"),
        };
    }

    [Theory, MemberData(nameof(Messages))]
    public void Every_message_round_trips_through_its_manifest(object message)
    {
        string manifest = Serializer.Manifest(message);
        object back = Serializer.FromBinary(Serializer.ToBinary(message), manifest);
        Assert.Equal(message.GetType(), back.GetType());
        Assert.Equal(Serializer.ToBinary(message), Serializer.ToBinary(back));          // every field, byte arrays and NaN included
        if (message is not (BlockSolved or BlockEvaluated or IterationCompleted)) Assert.Equal(message, back);
    }

    [Fact]
    public void The_actor_system_picks_our_serializer_for_every_message_type()
    {
        foreach (object row in (System.Collections.IEnumerable)Messages())
            Assert.Equal(MessageSerializer.SerializerId, Sys.Serialization.FindSerializerFor(row is object[] cells ? cells[0] : row).Identifier);
    }

    [Theory]
    [InlineData("System.Diagnostics.Process, System.Diagnostics.Process")]
    [InlineData("Messages.SolveBlock, Messages")]
    [InlineData("")]
    public void A_manifest_outside_the_table_is_refused(string manifest)
    {
        var error = Assert.Throws<SerializationException>(() => Serializer.FromBinary("{}"u8.ToArray(), manifest));
        Assert.Contains("Refused", error.Message);
    }

    [Fact]
    public void An_object_outside_the_table_is_not_written()
    {
        Assert.Throws<SerializationException>(() => Serializer.ToBinary(new Uri("http://example.invalid/")));
    }

    /// <summary>The actor system of these tests binds the serializer as the nodes do.</summary>
    public MessageSerializerTests() : base(Akka.Configuration.ConfigurationFactory.ParseString(NodeHost.SerializationHocon))
    {
    }
}
