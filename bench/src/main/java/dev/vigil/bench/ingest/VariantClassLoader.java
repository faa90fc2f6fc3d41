package dev.vigil.bench.ingest;

import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;

/**
 * The class loader of one build variant in the A/B benches ({@link DecodeAB}, {@link DirectAB}):
 * classes of the given packages load from the variant's own directory first, so that several
 * builds of them live side by side in one JVM; every other class (and a class the directory does
 * not hold) comes from the parent as usual, so the variants share the model and the workload.
 */
final class VariantClassLoader extends URLClassLoader {
  private final List<String> ownPackages;

  /** {@code ownPackages}: package prefixes ending with a dot, e.g. {@code "dev.vigil.tsdb."}. */
  VariantClassLoader(Path classes, List<String> ownPackages, ClassLoader parent)
      throws MalformedURLException {
    super(new URL[] {classes.toUri().toURL()}, parent);
    this.ownPackages = List.copyOf(ownPackages);
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    if (ownPackages.stream().noneMatch(name::startsWith)) {
      return super.loadClass(name, resolve);
    }
    synchronized (getClassLoadingLock(name)) {
      Class<?> c = findLoadedClass(name);
      if (c == null) {
        try {
          c = findClass(name);
        } catch (ClassNotFoundException e) {
          return super.loadClass(name, resolve);
        }
      }
      return c;
    }
  }
}
