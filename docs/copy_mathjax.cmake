# Copies the parts of MathJax 2 that TeX input with SVG output loads (2.3 MB instead of 54 MB), so
# that the docs typeset equations with no network at all.
file(MAKE_DIRECTORY ${DST}/jax/input ${DST}/jax/output)
file(COPY ${SRC}/MathJax.js ${SRC}/extensions DESTINATION ${DST})
file(COPY ${SRC}/jax/input/TeX DESTINATION ${DST}/jax/input)
file(COPY ${SRC}/jax/element DESTINATION ${DST}/jax)
file(COPY ${SRC}/jax/output/SVG DESTINATION ${DST}/jax/output REGEX "/fonts/[^/]+" EXCLUDE)
file(COPY ${SRC}/jax/output/SVG/fonts/TeX DESTINATION ${DST}/jax/output/SVG/fonts)
