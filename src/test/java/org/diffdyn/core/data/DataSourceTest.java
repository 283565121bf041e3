package org.diffdyn.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.diffdyn.core.ParameterException;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.spectra.Spectrum;
import org.junit.jupiter.api.Test;

class DataSourceTest {
    @Test
    void parsesEveryForm() {
        DataSource a = DataSource.parse("npy:/data/x.npy");
        assertEquals(DataSource.Kind.NPY, a.kind());
        assertEquals(Path.of("/data/x.npy"), a.path());
        DataSource b = DataSource.parse("images:/d/faces?size=32&mode=crop&color=gray");
        assertEquals(DataSource.Kind.IMAGES, b.kind());
        assertEquals("32", b.options().get("size"));
        assertEquals("images:/d/faces?size=32&mode=crop&color=gray", b.toString());
        assertEquals(
                ImageDataset.Split.TEST,
                DataSource.parse("cifar10:/c?split=test").split());
        assertEquals(
                DataSource.Kind.FASHION_MNIST, DataSource.parse("fashion-mnist").kind());
        assertEquals(
                ImageDataset.PixelScale.UNIT,
                DataSource.parse("fashion-mnist?scale=unit&limit=10").scale());
        assertEquals(10, DataSource.parse("fashion-mnist?limit=10").limit());
        assertEquals(
                ImageDataset.ChannelOrder.HWC,
                DataSource.parse("npz:/a.npz?order=hwc&x=img&y=lab").order());
        assertEquals(DataSource.Kind.MNIST_IDX, DataSource.parse("mnist-idx:/m").kind());
        assertEquals(DataSource.parse("gaussian?d=5&n=7"), DataSource.parse(" gaussian?d=5&n=7 "));
        assertEquals("images:/d?size=8", DataSource.images(Path.of("/d"), 8).toString());
        assertEquals(
                "fashion-mnist?limit=5",
                DataSource.fashionMnist().with("limit", 5).toString());
    }

    @Test
    void parseErrorsNameSpecProblemAndForms() {
        String[][] cases = {
            {"", "empty"},
            {"parquet:/x", "unknown kind 'parquet'"},
            {"npy", "needs a path"},
            {"npy:", "needs a path"},
            {"fashion-mnist:/x", "takes no path"},
            {"npy:/x.npy?size=3", "has no option 'size'"},
            {"images:/d?size=0", "size=0 is not a positive integer"},
            {"images:/d?size=32&mode=zoom", "mode=zoom is not one of resize|crop"},
            {"images:/d?mode=crop", "mode=crop needs size=N"},
            {"cifar10:/c?split=val", "split=val is not one of train|test"},
            {"npy:/x.npy?limit", "is not key=value"},
            {"npy:/x.npy?scale=huge", "scale=huge is not one of symmetric|unit|raw"},
            {"npy:/x.npy?order=whc", "order=whc"},
            {"npy:/x.npy?limit=3&limit=4", "given twice"},
            {"gaussian?spectrum=flat", "not lognormal or powerlaw"},
            {"gaussian?k=-1", "k=-1"},
        };
        for (String[] c : cases) {
            ParameterException e = assertThrows(ParameterException.class, () -> DataSource.parse(c[0]), c[0]);
            assertEquals("data", e.parameter());
            assertTrue(e.getMessage().contains(c[1]), c[0] + " -> " + e.getMessage());
            assertTrue(
                    e.getMessage().contains("npz:/path/xy.npz")
                            && e.getMessage().contains("cifar10:/path"),
                    "forms listed: " + e.getMessage());
            if (!c[0].isEmpty()) assertTrue(e.getMessage().contains("'data' = " + c[0].trim()), e.getMessage());
        }
    }

    @Test
    void gaussianSourceAndDataSpectrum() {
        ImageDataset g = DataSource.parse("gaussian?n=4000&d=6&spectrum=powerlaw&k=1&seed=3")
                .load(Progress.NONE);
        assertEquals(4000, g.size());
        assertEquals(6, g.dimension());
        Spectrum s = DataSource.spectrum(
                "spectrum", "data:gaussian?n=40000&d=6&spectrum=powerlaw&k=1&seed=3", 0, Progress.NONE);
        // Population spectrum nu^-1 normalised to Tr/d = 1; the sample estimate at n = 40000 is within a few percent.
        Spectrum pop = Spectrum.powerLaw(6, 1);
        for (int i = 0; i < 6; i++) assertEquals(pop.get(i), s.get(i), 0.05 * pop.get(i), "mode " + i);
        ParameterException e = assertThrows(
                ParameterException.class, () -> DataSource.spectrum("spectrum", "lognormal-ish", 0, Progress.NONE));
        assertTrue(
                e.getMessage().contains("data:SOURCE") && e.getMessage().contains("npy:/path/eig.npy"), e.getMessage());
        ParameterException bad = assertThrows(
                ParameterException.class, () -> DataSource.spectrum("spectrum", "data:nonsense", 0, Progress.NONE));
        assertEquals("spectrum", bad.parameter());
    }

    @Test
    void fashionMnistWhenInstalled() {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                ImageDataset.isAvailable(ImageDataset.defaultDirectory()), "Fashion-MNIST not installed");
        ImageDataset ds = DataSource.parse("fashion-mnist?limit=500").load(Progress.NONE);
        assertEquals(500, ds.size());
        assertEquals(784, ds.dimension());
        assertEquals(10, ds.classCount());
        assertEquals("Ankle boot", ds.className(9));
        ImageDataset legacy = ImageDataset.fashionMnist(ImageDataset.Split.TRAIN, 500);
        assertArrayEquals(legacy.images().data, ds.images().data, 0);
    }
}
