using System.Xml.Linq;
using Cli.Reports;

namespace Cli.Tests.Reports;

/// <summary>The chart's markup: well-formed, one element per point with its data attribute, escaping, log axes.</summary>
public sealed class SvgChartTests
{
    [Fact]
    public void Every_point_is_one_circle_with_its_x_in_the_named_attribute_and_the_markup_is_well_formed()
    {
        var chart = new SvgChart("chart-test", "Title", "iteration", "loss") { PointAttribute = "data-iteration" };
        chart.Add("ALS", [(1, 0.5), (2, 0.25), (3, 0.2)]).Add("other", [(1, 0.4), (3, 0.1)]);
        XElement figure = XElement.Parse(chart.Render());
        Assert.Equal("chart-test", (string?)figure.Attribute("id"));
        XElement[] points = [.. figure.Descendants().Where(element => element.Name.LocalName == "circle")];
        Assert.Equal(5, points.Length);
        Assert.Equal(["1", "2", "3", "1", "3"], points.Select(point => (string?)point.Attribute("data-iteration")));
        Assert.Equal(["0.5", "0.25", "0.2", "0.4", "0.1"], points.Select(point => (string?)point.Attribute("data-value")));
        double[] ys = [.. points.Take(3).Select(point => double.Parse((string)point.Attribute("cy")!, System.Globalization.CultureInfo.InvariantCulture))];
        Assert.True(ys[0] < ys[1] && ys[1] < ys[2], "a larger value is drawn higher (smaller y)");
    }

    [Fact]
    public void Text_from_data_is_escaped()
    {
        const string name = "<script>alert(\"x\")</script> & 'Co'";
        string svg = new SvgChart("c\"1", name, name, name).Add(name, [(1, 1), (2, 2)]).Render();
        Assert.DoesNotContain("<script>", svg, StringComparison.Ordinal);
        XElement figure = XElement.Parse(svg);                                   // parses: no quote broke out of an attribute
        Assert.Equal("c\"1", (string?)figure.Attribute("id"));
        Assert.Contains(name, figure.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Log_axes_leave_out_points_that_cannot_be_drawn_and_tick_at_powers_of_ten()
    {
        var chart = new SvgChart("log", "t", "x", "y") { LogX = true, LogY = true };
        chart.Add("s", [(0, 1), (1, 0.5), (10, 0), (100, 0.01), (double.NaN, 1)]);
        XElement figure = XElement.Parse(chart.Render());
        Assert.Equal(["1", "100"], figure.Descendants().Where(element => element.Name.LocalName == "circle").Select(point => (string?)point.Attribute("data-x")));
        string[] ticks = [.. figure.Descendants().Where(element => (string?)element.Attribute("class") == "tick").Select(element => element.Value)];
        Assert.Contains("1", ticks);
        Assert.Contains("100", ticks);
        Assert.Contains("0.01", ticks);
    }

    [Fact]
    public void A_chart_without_drawable_points_says_so_and_a_constant_series_is_still_drawn()
    {
        Assert.Contains("no data", new SvgChart("e", "t", "x", "y").Add("s", []).Render(), StringComparison.Ordinal);
        XElement flat = XElement.Parse(new SvgChart("f", "t", "x", "y").Add("s", [(1, 3), (2, 3)]).Render());
        Assert.All(flat.Descendants().Where(element => element.Name.LocalName == "circle"),
            point => Assert.True(double.IsFinite(double.Parse((string)point.Attribute("cy")!, System.Globalization.CultureInfo.InvariantCulture))));
    }

    private static double Number(XElement element, string attribute) =>
        double.Parse((string)element.Attribute(attribute)!, System.Globalization.CultureInfo.InvariantCulture);

    private static XElement[] Ticks(XElement figure) => [.. figure.Descendants().Where(element => (string?)element.Attribute("class") == "tick")];

    /// <summary>Issue 16: the last x tick label ("1,000,000", "15") was cut off at the right edge of the drawing.</summary>
    [Theory]
    [InlineData(false, 1.0, 15.0)]
    [InlineData(true, 1.0, 1_000_000.0)]
    [InlineData(false, 0.0, 123_456_789.0)]
    public void Every_tick_label_lies_inside_the_view_box(bool log, double first, double last)
    {
        var chart = new SvgChart("c", "t", "x", "y") { LogX = log, LogY = log };
        chart.Add("s", [(first, first), (last, last)]);
        XElement figure = XElement.Parse(chart.Render());
        string[] box = ((string)figure.Descendants().Single(element => element.Name.LocalName == "svg").Attribute("viewBox")!).Split(' ');
        double width = double.Parse(box[2], System.Globalization.CultureInfo.InvariantCulture);
        XElement[] ticks = Ticks(figure);
        Assert.True(ticks.Length >= 4, "ticks on both axes");
        foreach (XElement tick in ticks)
        {
            double x = Number(tick, "x"), size = Number(tick, "font-size");
            double extent = tick.Value.Length * 0.6 * size;                  // digits and separators are at most 0.6 em wide
            (double from, double to) = (string?)tick.Attribute("text-anchor") switch
            {
                "end" => (x - extent, x),
                "middle" => (x - extent / 2, x + extent / 2),
                _ => (x, x + extent),
            };
            Assert.True(from >= 0 && to <= width, $"tick '{tick.Value}' spans {from:F1}..{to:F1}, outside 0..{width}");
        }
    }

    [Fact]
    public void Tick_labels_are_at_least_eleven_pixels_when_the_report_lays_the_chart_out()
    {
        XElement figure = XElement.Parse(new SvgChart("c", "t", "x", "y").Add("s", [(1, 1), (2, 3)]).Render());
        Assert.All(Ticks(figure), tick => Assert.True(Number(tick, "font-size") >= 11, tick.ToString()));
        // The grid never draws a figure narrower than the drawing's width (plus padding and border): one unit ≥ one pixel.
        Assert.True(SvgChart.MinimumFigurePixels >= SvgChart.Width + 2 * 8 + 2);
    }

    [Fact]
    public void A_zero_based_axis_starts_at_zero_and_a_plain_one_hugs_the_data()
    {
        (double X, double Y)[] precision = [(1, 0.11), (2, 0.13), (3, 0.14)];
        string[] Labels(SvgChart chart) => [.. Ticks(XElement.Parse(chart.Add("s", precision).Render()))
            .Where(tick => (string?)tick.Attribute("text-anchor") == "end").Select(tick => tick.Value)];
        Assert.Equal("0", Labels(new SvgChart("z", "t", "x", "y") { YFromZero = true })[0]);
        Assert.NotEqual("0", Labels(new SvgChart("p", "t", "x", "y"))[0]);
    }

    [Fact]
    public void A_reference_line_is_drawn_at_its_value_across_the_plot()
    {
        var chart = new SvgChart("c", "t", "iteration", "P@10") { YFromZero = true };
        chart.Add("ALS", [(1, 0.05), (2, 0.10), (3, 0.12)]).AddReference("popularity", 0.10);
        XElement figure = XElement.Parse(chart.Render());
        XElement reference = figure.Descendants().Single(element => (string?)element.Attribute("class") == "reference");
        Assert.Equal("popularity", (string?)reference.Attribute("data-series"));
        XElement line = reference.Elements().Single(element => element.Name.LocalName == "line");
        XElement point = figure.Descendants().Single(element => (string?)element.Attribute("data-value") == "0.1" && element.Name.LocalName == "circle");
        Assert.Equal(Number(point, "cy"), Number(line, "y1"), 2);                 // the same height as an ALS point of that value
        Assert.Equal(Number(line, "y1"), Number(line, "y2"));
        Assert.True(Number(line, "x2") - Number(line, "x1") > 400, "spans the plot");
        Assert.Contains("popularity 0.1", reference.Value, StringComparison.Ordinal);

        // A baseline above every ALS point still fits: the axis reaches it.
        XElement high = XElement.Parse(new SvgChart("h", "t", "x", "y").Add("ALS", [(1, 0.1), (2, 0.2)]).AddReference("popularity", 0.5).Render());
        double y = Number(high.Descendants().Single(element => element.Name.LocalName == "line" && element.Parent?.Attribute("class")?.Value == "reference"), "y1");
        Assert.True(y >= 28 - 0.01, $"reference at y = {y} is above the plot");
    }
}
